package io.github.securefargate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.bluegreen.IReleasableService;
import io.github.securefargate.bluegreen.NativeBlueGreenService;
import io.github.securefargate.bluegreen.NativeTrafficShift;
import io.github.securefargate.examples.BlueGreenServiceStack;
import io.github.securefargate.examples.ExampleEnvironments;
import io.github.securefargate.testing.AwsCliCalls;
import io.github.securefargate.testing.TestApps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
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

    private static Toolchain shared;
    private static Toolchain mixed;
    private static Template template;
    /** The calls the stand-in aws of the step runs got, checked after all tests. */
    private static Path awsCalls;
    /** The stand-in aws and the call log (JUnit deletes it after the class). */
    @TempDir
    static Path work;

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

    /**
     * @return the mixed toolchain (UAT through CodeDeploy, Prod native), built once per JVM: this class and
     *     {@code StageGuardStepsTest} only read it
     */
    static synchronized Toolchain mixedToolchain() {
        if (shared == null) {
            shared = build(b -> b.addStage("UAT", EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES, UAT)
                    .addStage("Prod", NativeTrafficShift.LINEAR_10_PERCENT_EVERY_3_MINUTES, PROD));
        }
        return shared;
    }

    @BeforeAll
    static void synthesizeAMixedToolchain() throws IOException {
        mixed = mixedToolchain();
        template = Template.fromStack(Stack.of(mixed));
        awsCalls = AwsCliCalls.newLog(work);
    }

    @AfterAll
    static void everyCallOfTheStepsIsOneTheCliKnows() throws Exception {
        AwsCliCalls.assertValid(awsCalls);
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

    /** @return the build spec of the CodeBuild project that runs the action {@code stepId} of {@code stage} */
    @SuppressWarnings("unchecked")
    private static String buildSpecOf(final String stepId, final String stage) {
        Map<String, Object> action = actions(stage).stream()
                .filter(a ->
                        String.valueOf(a.get("Name")).replaceFirst(".*\\.", "").equals(stepId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + stepId + " action in " + stage));
        Object project = ((Map<String, Object>) ((Map<String, Object>) action.get("Configuration")).get("ProjectName"))
                .get("Ref");
        Map<String, Object> props = (Map<String, Object>)
                template.findResources("AWS::CodeBuild::Project").get(project).get("Properties");
        return String.valueOf(((Map<String, Object>) props.get("Source")).get("BuildSpec"));
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
                    .getLogicalId((CfnElement) mixed.getNativeServices()
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
        void verifyStepFailsUnlessTheCurrentDeploymentIsSuccessful() {
            String spec = buildSpecOf(Toolchain.VERIFY_STEP_ID, "Prod");
            assertThat(spec)
                    .contains("aws ecs describe-services")
                    .contains("services[0].currentServiceDeployment")
                    .contains("aws ecs describe-service-deployments --service-deployment-arns \\\"$DEPLOYMENT\\\"")
                    .contains("if [ \\\"$STATUS\\\" != SUCCESSFUL ]; then")
                    .contains("exit 1")
                    .doesNotContain("list-service-deployments")
                    .contains("profile.stage.role_arn arn:aws:iam::" + ExampleEnvironments.PROD_ACCOUNT
                            + ":role/hello-taskdef-" + ExampleEnvironments.PROD_REGION);
        }

        private static final String SERVICE_ARN = "arn:aws:ecs:eu-central-1:444444444444:service/cluster-1/hello-svc";
        private static final String DEPLOYMENT_ARN =
                "arn:aws:ecs:eu-central-1:444444444444:service-deployment/cluster-1/hello-svc/r4nd0m";

        /**
         * Runs the verify step's commands as CodeBuild runs them ({@link AwsCliCalls#runStep}) against
         * a stand-in {@code aws} that names {@code deployment} as the service's current deployment and answers its
         * status with {@code status} (the CLI's {@code --query} results), logging each call for
         * {@link #everyCallOfTheStepsIsOneTheCliKnows}.
         *
         * @return the step's exit code and output
         */
        private Map.Entry<Integer, String> runVerifyStep(final String deployment, final String status)
                throws Exception {
            AwsCliCalls.StepRun run = AwsCliCalls.runStep(
                    Files.createTempDirectory(work, "verify"),
                    List.of(
                            "  'configure set') exit 0 ;;",
                            "  '--version ') echo aws-cli/2.31.0 ;;",
                            "  'cloudformation describe-stack-resource') echo " + SERVICE_ARN + " ;;",
                            "  'ecs describe-services')"
                                    + " [[ \"$*\" == *'--cluster cluster-1 --services " + SERVICE_ARN
                                    + " '* ]] || exit 3;"
                                    + " echo \"$FAKE_DEPLOYMENT\" ;;",
                            "  'ecs describe-service-deployments')"
                                    + " [[ \"$*\" == *\"--service-deployment-arns $FAKE_DEPLOYMENT \"* ]] || exit 3;"
                                    + " [ \"$FAKE_STATUS\" = AccessDenied ] && { echo 'An error occurred"
                                    + " (AccessDeniedException)' >&2; exit 254; }; echo \"$FAKE_STATUS\" ;;"),
                    mixed.getVerifySteps().get("Prod").getCommands(),
                    Map.of("FAKE_DEPLOYMENT", deployment, "FAKE_STATUS", status),
                    awsCalls);
            return Map.entry(run.exitCode(), run.output());
        }

        @Test
        void verifyStepPassesOnASuccessfulDeployment() throws Exception {
            Map.Entry<Integer, String> run = runVerifyStep(DEPLOYMENT_ARN, "SUCCESSFUL");
            assertThat(run.getKey()).as(run.getValue()).isZero();
            assertThat(run.getValue())
                    .contains("Current deployment of " + SERVICE_ARN + " (" + DEPLOYMENT_ARN + "): SUCCESSFUL");
        }

        @Test
        void verifyStepFailsWhenEcsRolledBackOrIsStillRunning() throws Exception {
            for (String status : List.of("ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED", "IN_PROGRESS", "None")) {
                Map.Entry<Integer, String> run = runVerifyStep(DEPLOYMENT_ARN, status);
                assertThat(run.getKey()).as(status + ": " + run.getValue()).isEqualTo(1);
                assertThat(run.getValue()).contains("ECS did not finish the release (status " + status + ")");
            }
        }

        @Test
        void verifyStepFailsWhenTheRoleMayNotReadTheDeployment() throws Exception {
            Map.Entry<Integer, String> run = runVerifyStep(DEPLOYMENT_ARN, "AccessDenied");
            assertThat(run.getKey()).as(run.getValue()).isNotZero();
            assertThat(run.getValue()).contains("AccessDeniedException").doesNotContain("Current deployment of");
        }

        @Test
        void verifyStepFailsWhenEcsNamesNoCurrentDeployment() throws Exception {
            Map.Entry<Integer, String> run = runVerifyStep("None", "SUCCESSFUL");
            assertThat(run.getKey()).as(run.getValue()).isEqualTo(1);
            assertThat(run.getValue()).contains("ECS names no current deployment of " + SERVICE_ARN);
        }

        @Test
        void readerRoleTrustsTheToolchainAndReadsOnlyThisServiceAndItsDeployments() {
            NativeBlueGreenService service = mixed.getNativeServices().get("Prod");
            assertThat(service.getPipelineAccount()).isEqualTo(ExampleEnvironments.TOOLCHAIN_ACCOUNT);
            Template stage = Template.fromStack(Stack.of(service));
            stage.hasResourceProperties(
                    "AWS::IAM::Role", Map.of("RoleName", "hello-taskdef-" + ExampleEnvironments.PROD_REGION));
            // What the step calls with the role: the service, and a deployment of it, not one of another service.
            String serviceId = Stack.of(service)
                    .resolve(((CfnElement)
                                    service.getService().getService().getNode().getDefaultChild())
                            .getLogicalId())
                    .toString();
            Map<String, String> refs = Map.of(serviceId, SERVICE_ARN);
            List<String> allowed = readerResources(stage, "ecs:DescribeServiceDeployments", refs);
            assertThat(allowed).anyMatch(r -> iamMatches(r, SERVICE_ARN)).anyMatch(r -> iamMatches(r, DEPLOYMENT_ARN));
            assertThat(allowed)
                    .noneMatch(r -> iamMatches(r, DEPLOYMENT_ARN.replace("hello-svc", "other-svc")))
                    .noneMatch(r -> iamMatches(r, DEPLOYMENT_ARN.replace("cluster-1", "cluster-2")));
            assertThat(readerResources(stage, "ecs:DescribeServices", refs)).contains(SERVICE_ARN);
        }

        /** @return the resources, evaluated with {@code refs}, that the reader role's policy allows {@code action} on */
        @SuppressWarnings("unchecked")
        private static List<String> readerResources(
                final Template stage, final String action, final Map<String, String> refs) {
            List<String> resources = new ArrayList<>();
            for (Object policy : stage.findResources("AWS::IAM::Policy").values()) {
                Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) policy).get("Properties");
                if (!String.valueOf(props.get("PolicyName")).contains("ReaderRole")) {
                    continue;
                }
                Map<String, Object> document = (Map<String, Object>) props.get("PolicyDocument");
                for (Map<String, Object> statement : (List<Map<String, Object>>) document.get("Statement")) {
                    if (asList(statement.get("Action")).contains(action)) {
                        asList(statement.get("Resource")).forEach(r -> resources.add(evaluate(r, refs)));
                    }
                }
            }
            return resources;
        }

        @SuppressWarnings("unchecked")
        private static List<Object> asList(final Object value) {
            return value instanceof List ? (List<Object>) value : List.of(value);
        }

        /** CloudFormation's Ref, Fn::Join, Fn::Select and Fn::Split, as CloudFormation evaluates them. */
        @SuppressWarnings("unchecked")
        private static String evaluate(final Object value, final Map<String, String> refs) {
            if (value instanceof String) {
                return (String) value;
            }
            Map.Entry<String, Object> fn =
                    ((Map<String, Object>) value).entrySet().iterator().next();
            List<Object> args = fn.getValue() instanceof List ? (List<Object>) fn.getValue() : List.of();
            switch (fn.getKey()) {
                case "Ref":
                    return Objects.requireNonNull(refs.get(fn.getValue()), "no value for Ref " + fn.getValue());
                case "Fn::Join":
                    return ((List<Object>) args.get(1))
                            .stream().map(part -> evaluate(part, refs)).collect(Collectors.joining((String)
                                    args.get(0)));
                case "Fn::Select":
                    return split(args.get(1), refs).get(((Number) args.get(0)).intValue());
                default:
                    throw new AssertionError("not evaluated here: " + fn.getKey());
            }
        }

        @SuppressWarnings("unchecked")
        private static List<String> split(final Object value, final Map<String, String> refs) {
            List<Object> args = (List<Object>) ((Map<String, Object>) value).get("Fn::Split");
            return List.of(evaluate(args.get(1), refs).split(Pattern.quote((String) args.get(0)), -1));
        }

        /** @return whether the IAM resource pattern {@code pattern} ({@code *} and {@code ?} wildcards) matches */
        private static boolean iamMatches(final String pattern, final String arn) {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            return arn.matches(regex.toString());
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
