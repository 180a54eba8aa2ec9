package io.github.securefargate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.securefargate.testing.DeployOrder;
import io.github.securefargate.testing.ExampleAppFixture;
import io.github.securefargate.testing.TestApps;
import io.github.securefargate.testing.UserToolchainApp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * First deployment, stack by stack, in the order CloudFormation gets them: the stacks deployed by hand (the toolchain's
 * cross-Region support stacks, then the toolchain), then the pipeline's stages. KMS ("The principals in the key policy
 * must exist and be visible to KMS"), S3 ("MalformedPolicy: Invalid principal"), IAM trust policies and SNS reject a
 * policy that names a role or user that does not exist yet, so no policy may name one that only a later stack creates.
 * CDK bootstrap roles ({@code cdk-hnb659fds-*}) exist before anything.
 */
class DeployOrderTest {
    @Nested
    class ExampleApp {
        private DeployOrder order() {
            ExampleAppFixture fixture = ExampleAppFixture.get();
            Map<Stack, Template> known = new LinkedHashMap<>();
            fixture.stacks().forEach(s -> known.put(s, fixture.template(s.getArtifactId())));
            return DeployOrder.of(fixture.app(), known);
        }

        @Test
        void deploysTheSupportStackThenTheToolchainThenTheStages() {
            assertThat(order().artifactIds())
                    .containsSubsequence(
                            "cross-region-stack-222222222222_eu-central-1",
                            "Toolchain",
                            "ToolchainUATService0077A493",
                            "ToolchainProdServiceA6F852C9");
        }

        @Test
        void noPolicyNamesAPrincipalThatALaterStackCreates() {
            assertThat(order().principalsThatDoNotExistYet()).isEmpty();
        }
    }

    @Nested
    class UserApp {
        @Test
        void noPolicyNamesAPrincipalThatALaterStackCreates() {
            App app = TestApps.app();
            UserToolchainApp.build(app);
            DeployOrder order = DeployOrder.of(app);
            assertThat(order.artifactIds())
                    .containsExactly(
                            "cross-region-stack-" + UserToolchainApp.TOOLS + "_" + UserToolchainApp.PROD_REGION,
                            "Tools",
                            "ToolsToolchainTestOrders27C5C993",
                            "ToolsToolchainProdOrders4CF82D6E");
            assertThat(order.principalsThatDoNotExistYet()).isEmpty();
        }
    }
}
