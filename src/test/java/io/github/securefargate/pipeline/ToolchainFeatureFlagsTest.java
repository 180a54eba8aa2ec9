package io.github.securefargate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.securefargate.testing.UserToolchainApp;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * A construct library must not depend on the feature flags of this project's cdk.json: the toolchain of a user-like app
 * synthesizes under a plain {@code new App()} (no flags at all) and under the flags a fresh
 * {@code cdk init app --language java} writes with the pinned CLI (aws-cdk 2.1148.1; the file is a copy of the CLI's
 * {@code lib/init-templates/.recommended-feature-flags.json}, which {@code cdk init} merges into the new cdk.json).
 */
class ToolchainFeatureFlagsTest {
    /** Flags a fresh `cdk init app --language java` writes with aws-cdk 2.1148.1. */
    static Map<String, Object> cdkInitFlags() {
        try (InputStream in =
                ToolchainFeatureFlagsTest.class.getResourceAsStream("/featureflags/cdk-init-aws-cdk-2.1148.1.json")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> flags = new ObjectMapper().readValue(in, Map.class);
            return flags;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertDeployable(final App app) {
        Stack tools = UserToolchainApp.build(app);
        app.synth();
        Template t = Template.fromStack(tools);
        t.resourceCountIs("AWS::CodePipeline::Pipeline", 1);
        // Access logs of the artifact bucket are delivered through a bucket policy, never a log-delivery ACL (which
        // S3 rejects on a bucket with BucketOwnerEnforced object ownership).
        t.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Match.objectLike(Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Action",
                                        "s3:PutObject",
                                        "Principal",
                                        Map.of("Service", "logging.s3.amazonaws.com"))))))))));
        assertThat(t.findResources("AWS::S3::Bucket").values())
                .allSatisfy(b -> assertThat(String.valueOf(b)).doesNotContain("LogDeliveryWrite"));
        // The hook imported by name lands in the release step's AppSpec arguments with its literal name.
        assertThat(t.toJSON().toString()).contains("--hook AfterAllowTestTraffic=orders-smoke-test");
    }

    @Nested
    class PlainApp {
        @Test
        void synthesizesWithNoFeatureFlags() {
            assertDeployable(new App());
        }
    }

    @Nested
    class FreshCdkInitProject {
        @Test
        void synthesizesWithTheFlagsOfCdkInit() {
            Map<String, Object> flags = cdkInitFlags();
            assertThat(flags).containsKey("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy");
            assertDeployable(new App(AppProps.builder().context(flags).build()));
        }
    }
}
