package io.github.securefargate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the taskdef/appspec/imageDetail generation on described task definitions as ECS returns them. */
class DeploymentArtifactsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("src", "test", "resources", "taskdefs");

    private static String fixture(final String name) throws IOException {
        return Files.readString(FIXTURES.resolve(name));
    }

    private static JsonNode described(final String name) throws IOException {
        return JSON.readTree(fixture(name)).get("taskDefinition");
    }

    private static DeploymentArtifacts.Options options(final String container, final int port) {
        return new DeploymentArtifacts.Options(container, port, null, null, Map.of());
    }

    private static JsonNode container(final JsonNode taskDefinition, final String name) {
        for (JsonNode c : taskDefinition.get("containerDefinitions")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name);
    }

    @Nested
    class TaskDefinition {
        @Test
        void removesEveryReadOnlyFieldAndKeepsEverythingElse() throws IOException {
            JsonNode original = described("single-container.json");
            JsonNode taskdef =
                    JSON.readTree(DeploymentArtifacts.generate(fixture("single-container.json"), options("app", 8080))
                            .taskDefinition());

            for (String field : DeploymentArtifacts.READ_ONLY_FIELDS) {
                assertThat(taskdef.has(field)).as(field).isFalse();
            }
            List<String> kept = new ArrayList<>();
            original.fieldNames().forEachRemaining(f -> {
                if (!DeploymentArtifacts.READ_ONLY_FIELDS.contains(f)) {
                    kept.add(f);
                }
            });
            assertThat(kept)
                    .contains(
                            "family",
                            "taskRoleArn",
                            "executionRoleArn",
                            "cpu",
                            "memory",
                            "networkMode",
                            "runtimePlatform",
                            "requiresCompatibilities");
            for (String field : kept) {
                if (!field.equals("containerDefinitions")) {
                    assertThat(taskdef.get(field)).as(field).isEqualTo(original.get(field));
                }
            }
        }

        @Test
        void replacesOnlyTheApplicationImageWithThePlaceholder() throws IOException {
            JsonNode taskdef =
                    JSON.readTree(DeploymentArtifacts.generate(fixture("single-container.json"), options("app", 8080))
                            .taskDefinition());
            JsonNode app = container(taskdef, "app");
            assertThat(app.get("image").asText()).isEqualTo("<IMAGE1_NAME>");
            // Everything else of the container is what ECS registered.
            JsonNode original = container(described("single-container.json"), "app");
            assertThat(app.get("logConfiguration")).isEqualTo(original.get("logConfiguration"));
            assertThat(app.get("portMappings")).isEqualTo(original.get("portMappings"));
            assertThat(app.get("user").asText()).isEqualTo("101");
        }

        @Test
        void keepsSidecarImagesAndContainerOrderInAMultiContainerTask() throws IOException {
            JsonNode original = described("multi-container.json");
            JsonNode taskdef =
                    JSON.readTree(DeploymentArtifacts.generate(fixture("multi-container.json"), options("orders", 8443))
                            .taskDefinition());

            List<String> names = new ArrayList<>();
            taskdef.get("containerDefinitions")
                    .forEach(c -> names.add(c.get("name").asText()));
            assertThat(names).containsExactly("log-router", "orders", "otel-collector");
            assertThat(container(taskdef, "orders").get("image").asText()).isEqualTo("<IMAGE1_NAME>");
            assertThat(container(taskdef, "log-router")).isEqualTo(container(original, "log-router"));
            assertThat(container(taskdef, "otel-collector")).isEqualTo(container(original, "otel-collector"));
            assertThat(container(taskdef, "orders").get("dependsOn"))
                    .isEqualTo(container(original, "orders").get("dependsOn"));
            assertThat(taskdef.get("ephemeralStorage").get("sizeInGiB").asInt()).isEqualTo(30);
            assertThat(taskdef.has("deregisteredAt")).isFalse();
        }

        @Test
        void keepsSecretReferencesUnchanged() throws IOException {
            JsonNode taskdef =
                    JSON.readTree(DeploymentArtifacts.generate(fixture("with-secrets.json"), options("app", 8080))
                            .taskDefinition());
            JsonNode secrets = container(taskdef, "app").get("secrets");
            assertThat(secrets)
                    .isEqualTo(container(described("with-secrets.json"), "app").get("secrets"));
            assertThat(secrets.get(0).get("valueFrom").asText())
                    .isEqualTo("arn:aws:secretsmanager:eu-west-1:333333333333:secret:payments/db-AbCdEf:password::");
            assertThat(taskdef.get("executionRoleArn").asText())
                    .isEqualTo("arn:aws:iam::333333333333:role/payments-execution");
        }

        @Test
        void acceptsATaskDefinitionWithoutTheDescribeWrapper() throws IOException {
            String bare = JSON.writeValueAsString(described("with-secrets.json"));
            JsonNode taskdef = JSON.readTree(
                    DeploymentArtifacts.generate(bare, options("app", 8080)).taskDefinition());
            assertThat(taskdef.get("family").asText()).isEqualTo("payments");
            assertThat(taskdef.has("revision")).isFalse();
        }
    }

    @Nested
    class ImageDetail {
        @Test
        void carriesTheImageTheStageRegistered() throws IOException {
            JsonNode detail =
                    JSON.readTree(DeploymentArtifacts.generate(fixture("single-container.json"), options("app", 8080))
                            .imageDetail());
            assertThat(detail.get("ImageURI").asText())
                    .isEqualTo(container(described("single-container.json"), "app")
                            .get("image")
                            .asText())
                    .contains("cdk-hnb659fds-container-assets-333333333333-eu-west-1:");
            assertThat(detail.size()).isEqualTo(1);
        }

        @Test
        void carriesTheApplicationImageNotASidecarImage() throws IOException {
            JsonNode detail =
                    JSON.readTree(DeploymentArtifacts.generate(fixture("multi-container.json"), options("orders", 8443))
                            .imageDetail());
            assertThat(detail.get("ImageURI").asText())
                    .isEqualTo("444444444444.dkr.ecr.eu-central-1.amazonaws.com/orders-api:1.14.2");
        }

        @Test
        void keepsADigestReference() throws IOException {
            JsonNode detail =
                    JSON.readTree(DeploymentArtifacts.generate(fixture("with-secrets.json"), options("app", 8080))
                            .imageDetail());
            assertThat(detail.get("ImageURI").asText()).contains("@sha256:9b2f1c0d");
        }

        @Test
        void usesAnExplicitImageWhenGiven() throws IOException {
            JsonNode detail = JSON.readTree(DeploymentArtifacts.generate(
                            fixture("single-container.json"),
                            new DeploymentArtifacts.Options("app", 8080, "example.com/app:2", null, Map.of()))
                    .imageDetail());
            assertThat(detail.get("ImageURI").asText()).isEqualTo("example.com/app:2");
        }
    }

    @Nested
    class AppSpec {
        @Test
        void namesTheContainerAndPortThatTakeTraffic() throws IOException {
            String appSpec = DeploymentArtifacts.generate(fixture("multi-container.json"), options("orders", 8443))
                    .appSpec();
            assertThat(appSpec)
                    .isEqualTo(
                            """
                    version: 0.0
                    Resources:
                      - TargetService:
                          Type: AWS::ECS::Service
                          Properties:
                            TaskDefinition: "<TASK_DEFINITION>"
                            LoadBalancerInfo:
                              ContainerName: "orders"
                              ContainerPort: 8443
                    """);
        }

        @Test
        void rendersPlatformVersionAndHooksInLifecycleOrder() throws IOException {
            String appSpec = DeploymentArtifacts.generate(
                            fixture("single-container.json"),
                            new DeploymentArtifacts.Options(
                                    "app",
                                    8080,
                                    null,
                                    "LATEST",
                                    Map.of(
                                            "AfterAllowTraffic", "smoke-test",
                                            "AfterAllowTestTraffic",
                                                    "arn:aws:lambda:eu-west-1:333333333333:function:test-run")))
                    .appSpec();
            assertThat(appSpec)
                    .endsWith(
                            """
                              ContainerPort: 8080
                            PlatformVersion: "LATEST"
                    Hooks:
                      - AfterAllowTestTraffic: "arn:aws:lambda:eu-west-1:333333333333:function:test-run"
                      - AfterAllowTraffic: "smoke-test"
                    """);
        }
    }

    @Nested
    class BadInput {
        @Test
        void failsWhenTheContainerIsNotInTheTaskDefinition() {
            assertThatThrownBy(
                            () -> DeploymentArtifacts.generate(fixture("multi-container.json"), options("app", 8080)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("container 'app' is not in the task definition")
                    .hasMessageContaining("[log-router, orders, otel-collector]");
        }

        @Test
        void failsWhenTheContainerDoesNotMapThePort() {
            assertThatThrownBy(() ->
                            DeploymentArtifacts.generate(fixture("multi-container.json"), options("orders", 8080)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not map port 8080; it maps [9000, 8443]");
        }

        @Test
        void failsOnAnUnknownHookEvent() {
            assertThatThrownBy(() ->
                            new DeploymentArtifacts.Options("app", 8080, null, null, Map.of("AfterTraffic", "fn")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("hook event must be one of");
        }

        @Test
        void failsOnSomethingThatIsNotATaskDefinition() {
            assertThatThrownBy(() -> DeploymentArtifacts.generate("{\"services\": []}", options("app", 8080)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("describe-task-definition");
        }
    }

    @Nested
    class CommandLine {
        @Test
        void writesTheThreeFilesTheCodeDeployActionReads(@TempDir final Path dir) throws IOException {
            Path out = DeploymentArtifacts.run(new String[] {
                "--task-definition",
                FIXTURES.resolve("with-secrets.json").toString(),
                "--container",
                "app",
                "--port",
                "8080",
                "--platform-version",
                "1.4.0",
                "--hook",
                "AfterAllowTestTraffic=payments-test",
                "--out",
                dir.resolve("deploy").toString()
            });

            assertThat(Files.list(out).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("taskdef.json", "appspec.yaml", "imageDetail.json");
            assertThat(Files.readString(out.resolve("appspec.yaml")))
                    .contains("PlatformVersion: \"1.4.0\"", "- AfterAllowTestTraffic: \"payments-test\"");
            assertThat(JSON.readTree(out.resolve("taskdef.json").toFile())
                            .get("containerDefinitions")
                            .get(0)
                            .get("image")
                            .asText())
                    .isEqualTo("<IMAGE1_NAME>");
        }

        @Test
        void failsWithoutARequiredArgument() {
            assertThatThrownBy(() -> DeploymentArtifacts.run(new String[] {"--container", "app", "--port", "80"}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--task-definition is required");
        }

        @Test
        void failsOnAMalformedHook() {
            assertThatThrownBy(() -> DeploymentArtifacts.run(new String[] {"--hook", "AfterInstall"}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--hook must be Event=function");
        }
    }
}
