package io.github.securefargate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.bluegreen.IReleasableService;
import io.github.securefargate.bluegreen.NativeBlueGreenService;
import io.github.securefargate.bluegreen.NativeTrafficShift;
import io.github.securefargate.examples.BlueGreenServiceStack;
import io.github.securefargate.examples.ExampleEnvironments;
import io.github.securefargate.testing.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.pipelines.CodePipelineSource;
import software.amazon.awscdk.pipelines.ConnectionSourceOptions;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig;

/** Toolchain stages for native services ({@link NativeBlueGreenService}), alone and beside CodeDeploy stages. */
class NativeToolchainTest {
    static final Environment UAT = env(ExampleEnvironments.UAT_ACCOUNT, ExampleEnvironments.UAT_REGION);
    static final Environment PROD = env(ExampleEnvironments.PROD_ACCOUNT, ExampleEnvironments.PROD_REGION);

    private static Toolchain mixed;
    private static Template template;

    static Environment env(final String account, final String region) {
        return Environment.builder().account(account).region(region).build();
    }

    /** The example's service stack, native when the stage has a traffic shift (what a user's factory does). */
    static IReleasableService exampleService(final Stage stage, final ToolchainStage settings) {
        StackProps props = StackProps.builder().build();
        BlueGreenServiceStack stack = settings.getTrafficShift() != null
                ? new BlueGreenServiceStack(stage, "Service", props, settings.getTrafficShift())
                : new BlueGreenServiceStack(stage, "Service", props, settings.getDeploymentConfig());
        return settings.getTrafficShift() != null ? stack.getNativeBlueGreen() : stack.getBlueGreen();
    }

    static Toolchain build(final Consumer<Toolchain.Builder> configure) {
        App app = TestApps.app();
        Stack tools = new Stack(
                app,
                "Tools",
                StackProps.builder()
                        .env(env(ExampleEnvironments.TOOLCHAIN_ACCOUNT, ExampleEnvironments.TOOLCHAIN_REGION))
                        .build());
        Toolchain.Builder b = Toolchain.Builder.create(tools, "Toolchain")
                .source(CodePipelineSource.connection(
                        "org/repo",
                        "main",
                        ConnectionSourceOptions.builder()
                                .connectionArn("arn:aws:codeconnections:eu-west-1:"
                                        + ExampleEnvironments.TOOLCHAIN_ACCOUNT + ":connection/x")
                                .build()))
                .serviceStage(NativeToolchainTest::exampleService);
        configure.accept(b);
        return b.build();
    }

    @BeforeAll
    static void synthesizeAMixedToolchain() {
        mixed = build(b -> b.addStage("UAT", EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES, UAT)
                .addStage("Prod", NativeTrafficShift.LINEAR_10_PERCENT_EVERY_3_MINUTES, PROD));
        template = Template.fromStack(Stack.of(mixed));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> actions(final String stage) {
        Map<String, Map<String, Object>> pipelines = template.findResources("AWS::CodePipeline::Pipeline");
        Map<String, Object> props =
                (Map<String, Object>) pipelines.values().iterator().next().get("Properties");
        for (Object s : (List<Object>) props.get("Stages")) {
            Map<String, Object> st = (Map<String, Object>) s;
            if (stage.equals(st.get("Name"))) {
                return (List<Map<String, Object>>) st.get("Actions");
            }
        }
        throw new AssertionError("no stage " + stage);
    }

    private static List<String> names(final String stage) {
        return actions(stage).stream()
                .map(a -> a.get("RunOrder") + " " + a.get("Name"))
                .collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static String buildSpecOf(final String stepId, final String stage) {
        // The CodeBuild project of the stage's step: its build spec names the step's commands.
        return template.findResources("AWS::CodeBuild::Project").values().stream()
                .map(r ->
                        String.valueOf(((Map<String, Object>) ((Map<String, Object>) r.get("Properties")).get("Source"))
                                .get("BuildSpec")))
                .filter(spec -> spec.contains("list-service-deployments"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + stepId + " project for " + stage));
    }

    @Nested
    class NativeStage {
        @Test
        void deploysThroughCloudFormationAloneThenVerifies() {
            assertThat(names("Prod"))
                    .containsExactly(
                            "1 Service.Prepare",
                            "2 Service." + Toolchain.ROUTING_GUARD_STEP_ID,
                            "3 Service.Deploy",
                            "4 " + Toolchain.VERIFY_STEP_ID);
        }

        @Test
        void guardsTheProductionRuleAndTheSwitchFromCodeDeploy() {
            List<String> commands = mixed.getListenerGuardSteps().get("Prod").getCommands();
            String rule = Stack.of(mixed.getNativeServices().get("Prod"))
                    .getLogicalId((software.amazon.awscdk.CfnElement) mixed.getNativeServices()
                            .get("Prod")
                            .getProductionRule()
                            .getNode()
                            .getDefaultChild());
            assertThat(commands)
                    .anySatisfy(c -> assertThat(c)
                            .contains("touches --change-set target/change-set.json --rule " + rule)
                            .contains("aws elbv2 describe-rules")
                            .contains("check-rule --rules target/rules.json --rule " + rule))
                    .anySatisfy(c -> assertThat(c)
                            .contains("adds --change-set target/change-set.json --rule " + rule + " --listener ")
                            .contains("check --listeners target/listeners.json"));
        }

        @Test
        void hasNoReleaseListenerGuardOrCodeDeployAction() {
            assertThat(names("Prod"))
                    .noneMatch(n -> n.contains(Toolchain.RELEASE_STEP_ID)
                            || n.contains(Toolchain.DEPLOY_STEP_ID)
                            || n.contains(Toolchain.LISTENER_GUARD_STEP_ID));
            assertThat(actions("Prod"))
                    .noneMatch(a -> String.valueOf(a.get("ActionTypeId")).contains("CodeDeploy"));
        }

        @Test
        void verifyStepFailsUnlessTheNewestDeploymentIsSuccessful() {
            String spec = buildSpecOf(Toolchain.VERIFY_STEP_ID, "Prod");
            assertThat(spec)
                    .contains("aws ecs list-service-deployments")
                    .contains("sort_by(serviceDeployments, &createdAt)[-1].status")
                    .contains("if [ \\\"$STATUS\\\" != SUCCESSFUL ]; then")
                    .contains("exit 1")
                    .contains("profile.stage.role_arn arn:aws:iam::" + ExampleEnvironments.PROD_ACCOUNT
                            + ":role/hello-taskdef-" + ExampleEnvironments.PROD_REGION);
        }

        /**
         * Runs the verify step's commands under {@code sh} (CodeBuild's default shell; killed after two minutes) with a stand-in {@code aws}
         * that answers the newest deployment's status (the CLI's {@code --query} result) with {@code status}.
         *
         * @return the exit code of the step
         */
        private int runVerifyStep(final String status) throws Exception {
            Path bin = Files.createTempDirectory("fake-aws");
            Path aws = bin.resolve("aws");
            Files.writeString(
                    aws,
                    String.join(
                            "\n",
                            "#!/usr/bin/env bash",
                            "case \"$1 $2\" in",
                            "  'configure set') exit 0 ;;",
                            "  'cloudformation describe-stack-resource')"
                                    + " echo arn:aws:ecs:eu-central-1:444444444444:service/cluster-1/hello-svc ;;",
                            "  'ecs list-service-deployments')"
                                    + " [[ \"$*\" == *'--cluster cluster-1'* ]] || exit 3; echo \"$FAKE_STATUS\" ;;",
                            "  *) exit 4 ;;",
                            "esac",
                            ""));
            aws.toFile().setExecutable(true);
            String script = "set -e\n"
                    + String.join("\n", mixed.getVerifySteps().get("Prod").getCommands());
            ProcessBuilder pb = new ProcessBuilder("timeout", "120", "sh", "-c", script).redirectErrorStream(true);
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            pb.environment().put("FAKE_STATUS", status);
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes());
            int rc = p.waitFor();
            assertThat(output)
                    .contains("Newest deployment of arn:aws:ecs:eu-central-1:444444444444:service/cluster-1/"
                            + "hello-svc: " + status);
            return rc;
        }

        @Test
        void verifyStepPassesOnASuccessfulDeployment() throws Exception {
            assertThat(runVerifyStep("SUCCESSFUL")).isZero();
        }

        @Test
        void verifyStepFailsWhenEcsRolledBackOrIsStillRunning() throws Exception {
            assertThat(runVerifyStep("ROLLBACK_SUCCESSFUL")).isEqualTo(1);
            assertThat(runVerifyStep("ROLLBACK_FAILED")).isEqualTo(1);
            assertThat(runVerifyStep("IN_PROGRESS")).isEqualTo(1);
            assertThat(runVerifyStep("None")).isEqualTo(1);
        }

        @Test
        void readerRoleTrustsTheToolchainAndReadsOnlyTheServicesDeployments() {
            NativeBlueGreenService service = mixed.getNativeServices().get("Prod");
            assertThat(service.getPipelineAccount()).isEqualTo(ExampleEnvironments.TOOLCHAIN_ACCOUNT);
            Template stage = Template.fromStack(Stack.of(service));
            stage.hasResourceProperties(
                    "AWS::IAM::Role", Map.of("RoleName", "hello-taskdef-" + ExampleEnvironments.PROD_REGION));
            assertThat(stage.toJSON().toString()).contains("ecs:ListServiceDeployments");
        }
    }

    @Nested
    class Mixed {
        @Test
        void codeDeployStageKeepsItsReleaseGuardAndCodeDeployAction() {
            assertThat(names("UAT"))
                    .containsExactly(
                            "1 Service.Prepare",
                            "2 Service." + Toolchain.LISTENER_GUARD_STEP_ID,
                            "3 Service.Deploy",
                            "4 " + Toolchain.RELEASE_STEP_ID,
                            "5 " + Toolchain.DEPLOY_STEP_ID);
            assertThat(mixed.getServices()).containsOnlyKeys("UAT");
            assertThat(mixed.getNativeServices()).containsOnlyKeys("Prod");
            assertThat(mixed.getVerifySteps()).containsOnlyKeys("Prod");
        }
    }

    @Nested
    class Validation {
        @Test
        void failsWhenBothDeploymentConfigAndTrafficShiftAreSet() {
            assertThatThrownBy(() -> build(b -> b.addStage(ToolchainStage.builder()
                            .name("Prod")
                            .env(PROD)
                            .deploymentConfig(EcsDeploymentConfig.ALL_AT_ONCE)
                            .trafficShift(NativeTrafficShift.ALL_AT_ONCE)
                            .build())))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContainingAll(
                            "Toolchain", "stages[Prod].trafficShift", "mutually exclusive", "got both");
        }

        @Test
        void failsWhenANativeStageGetsACodeDeployService() {
            assertThatThrownBy(() -> build(b -> b.serviceStage((stage, settings) -> new BlueGreenServiceStack(
                                            stage,
                                            "Service",
                                            StackProps.builder().build(),
                                            EcsDeploymentConfig.ALL_AT_ONCE)
                                    .getBlueGreen())
                            .addStage("Prod", NativeTrafficShift.ALL_AT_ONCE, PROD)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContainingAll(
                            "serviceStage",
                            "must return the NativeBlueGreenService",
                            "a stage with trafficShift is native",
                            "got BlueGreenService");
        }

        @Test
        void failsWhenACodeDeployStageGetsANativeService() {
            assertThatThrownBy(() -> build(b -> b.serviceStage((stage, settings) -> new BlueGreenServiceStack(
                                            stage,
                                            "Service",
                                            StackProps.builder().build(),
                                            NativeTrafficShift.ALL_AT_ONCE)
                                    .getNativeBlueGreen())
                            .addStage("UAT", EcsDeploymentConfig.ALL_AT_ONCE, UAT)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContainingAll(
                            "serviceStage", "must return the BlueGreenService", "got NativeBlueGreenService");
        }
    }
}
