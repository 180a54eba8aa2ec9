package io.github.securefargate.examples;

import software.amazon.awscdk.Environment;
import software.constructs.Construct;

/**
 * Accounts and Regions of the example app. The defaults are placeholders so that `cdk synth` works offline; override
 * them with context, e.g. {@code npx cdk synth -c serviceAccount=123456789012 -c serviceRegion=eu-central-1}. When you
 * change them, run `cdk synth` once with credentials so that the availability-zone look-ups land in
 * {@code cdk.context.json}, and commit that file.
 */
public final class ExampleEnvironments {
    /** Placeholder account of the service example. */
    public static final String SERVICE_ACCOUNT = "111111111111";
    /** Region of the service example. */
    public static final String SERVICE_REGION = "eu-west-1";
    /** Placeholder ACM certificate of the service example's HTTPS listener. */
    public static final String CERTIFICATE_ARN =
            "arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000000";

    /** Placeholder account of the selected-clusters GuardDuty example (its own account: detector settings are per account). */
    public static final String MONITORING_ACCOUNT = "222222222222";
    /** Region of the selected-clusters GuardDuty example. */
    public static final String MONITORING_REGION = "eu-west-1";

    private ExampleEnvironments() {
    }

    /** @return the service example's environment */
    public static Environment service(final Construct scope) {
        return Environment.builder()
                .account(context(scope, "serviceAccount", SERVICE_ACCOUNT))
                .region(context(scope, "serviceRegion", SERVICE_REGION))
                .build();
    }

    /** @return the environment of the selected-clusters GuardDuty example */
    public static Environment monitoring(final Construct scope) {
        return Environment.builder()
                .account(context(scope, "monitoringAccount", MONITORING_ACCOUNT))
                .region(context(scope, "monitoringRegion", MONITORING_REGION))
                .build();
    }

    /** @return a context value, or the fallback */
    public static String context(final Construct scope, final String key, final String fallback) {
        Object value = scope.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }
}
