package io.github.securefargate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * Apps and stacks for unit tests, with the same feature flags as {@code cdk.json} so that tests see the templates users
 * get from `cdk synth`.
 */
public final class TestApps {
    /** Account of test stacks. */
    public static final String ACCOUNT = "111111111111";
    /** Region of test stacks. */
    public static final String REGION = "eu-west-1";
    /** An ACM certificate of the test account and Region, for services that serve HTTPS. */
    public static final String CERTIFICATE_ARN =
            "arn:aws:acm:" + REGION + ":" + ACCOUNT + ":certificate/00000000-0000-0000-0000-000000000000";

    private static final Map<String, Object> CDK_JSON_CONTEXT = readCdkJsonContext();

    private TestApps() {}

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readCdkJsonContext() {
        try {
            Map<String, Object> cdkJson =
                    new ObjectMapper().readValue(Path.of("cdk.json").toFile(), Map.class);
            Map<String, Object> context = new HashMap<>((Map<String, Object>) cdkJson.get("context"));
            // Availability zones of the test environment, as cdk.context.json holds them for the examples.
            Map<String, Object> lookups =
                    new ObjectMapper().readValue(Path.of("cdk.context.json").toFile(), Map.class);
            context.putAll(lookups);
            // Tests read warnings and errors with Annotations and assertThatThrownBy: the CLI-style report of them that
            // aws-cdk-lib would otherwise print on every synth of a stack with a warning only floods the build log.
            // (Library checks throw or use node validations, which still fail synth; cdk-nag errors are asserted by
            // ComplianceTest.)
            context.put("@aws-cdk/core:failSynthOnValidationErrors", false);
            return Map.copyOf(context);
        } catch (IOException e) {
            throw new UncheckedIOException("Tests run from the project root and read cdk.json", e);
        }
    }

    /** @return the context of cdk.json plus cdk.context.json */
    public static Map<String, Object> context() {
        return CDK_JSON_CONTEXT;
    }

    /** @return an app with the project's feature flags */
    public static App app() {
        return app(Map.of());
    }

    /** @return an app with the project's feature flags plus {@code extra} context */
    public static App app(final Map<String, Object> extra) {
        Map<String, Object> context = new HashMap<>(CDK_JSON_CONTEXT);
        context.putAll(extra);
        return new App(AppProps.builder().context(context).build());
    }

    /** @return the test environment */
    public static Environment env() {
        return Environment.builder().account(ACCOUNT).region(REGION).build();
    }

    /** @return a stack with a fixed environment in a new app */
    public static Stack stack() {
        return new Stack(app(), "TestStack", StackProps.builder().env(env()).build());
    }
}
