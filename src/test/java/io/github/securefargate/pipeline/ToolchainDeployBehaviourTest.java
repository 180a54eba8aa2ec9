package io.github.securefargate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.testing.ExampleAppFixture;
import io.github.securefargate.testing.TestApps;
import io.github.securefargate.testing.UserToolchainApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig;

/** What AWS and the pipeline do with the toolchain: first deploy, self-mutation, redeploys, a cdk-init repository. */
class ToolchainDeployBehaviourTest {
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(final Template t, final String policyIdPart) {
        for (Map.Entry<String, Map<String, Object>> e :
                t.findResources("AWS::IAM::Policy").entrySet()) {
            if (e.getKey().contains(policyIdPart)) {
                return (List<Map<String, Object>>) ((Map<String, Object>)
                                ((Map<String, Object>) e.getValue().get("Properties")).get("PolicyDocument"))
                        .get("Statement");
            }
        }
        throw new AssertionError("no policy " + policyIdPart);
    }

    @SuppressWarnings("unchecked")
    private static List<String> stageNames(final Template t) {
        Map<String, Object> props = (Map<String, Object>) t.findResources("AWS::CodePipeline::Pipeline")
                .values()
                .iterator()
                .next()
                .get("Properties");
        return ((List<Object>) props.get("Stages"))
                .stream().map(s -> String.valueOf(((Map<?, ?>) s).get("Name"))).collect(Collectors.toList());
    }

    @Nested
    class SelfMutationOff {
        @Test
        void synthesizesAPipelineWithoutTheUpdatePipelineStage() {
            App app = TestApps.app();
            Stack tools = UserToolchainApp.build(app, t -> t.selfMutation(false));
            app.synth();
            assertThat(stageNames(Template.fromStack(tools)))
                    .containsExactly("Source", "Build", "Assets", "Test", "Prod");
        }
    }

    @Nested
    class SelfMutationReach {
        /**
         * Self-mutation deploys only the pipeline stack and its cross-Region support stacks, all in the pipeline
         * account: it must not be able to assume a stage account's deploy role, or a change pushed to the repository
         * could deploy to Prod from the UpdatePipeline step, before the manual approval.
         */
        @Test
        void mayAssumeOnlyThePipelineAccountsBootstrapRolesInThePipelineAndSupportRegions() {
            App app = TestApps.app();
            Stack tools = UserToolchainApp.build(app);
            List<Map<String, Object>> assume = statements(Template.fromStack(tools), "SelfMutation").stream()
                    .filter(s -> String.valueOf(s.get("Action")).contains("sts:AssumeRole"))
                    .collect(Collectors.toList());
            String tools7 = UserToolchainApp.TOOLS;
            assertThat(assume)
                    .containsExactly(Map.of(
                            "Action",
                            "sts:AssumeRole",
                            "Effect",
                            "Allow",
                            "Resource",
                            List.of(
                                    "arn:aws:iam::" + tools7 + ":role/cdk-*-" + tools7 + "-"
                                            + UserToolchainApp.HOME_REGION,
                                    "arn:aws:iam::" + tools7 + ":role/cdk-*-" + tools7 + "-"
                                            + UserToolchainApp.PROD_REGION),
                            "Condition",
                            Map.of(
                                    "StringEquals",
                                    Map.of(
                                            "iam:ResourceTag/aws-cdk:bootstrap-role",
                                            List.of("file-publishing", "deploy")))));
            assertThat(assume.toString()).doesNotContain(UserToolchainApp.TEST).doesNotContain(UserToolchainApp.PROD);
        }
    }

    @Nested
    class StageTrust {
        @Test
        void failsWhenAStageServiceDoesNotTrustTheToolchainAccount() {
            App app = TestApps.app();
            assertThatThrownBy(() -> UserToolchainApp.build(
                            app,
                            t -> t.serviceStage((stage, settings) ->
                                    UserToolchainApp.service(new Stack(stage, "Orders"), settings, null))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Tools/Toolchain: serviceStage must return a service whose pipeline roles "
                            + "trust the toolchain account 777777777777, got Tools/Toolchain/Test/Orders/BlueGreen "
                            + "trusting 888888888888 (the stage's own account, which is the default); set "
                            + "pipelineAccount(\"777777777777\") on its BlueGreenService");
        }

        @Test
        void failsOnTwoStagesDeployingOneServiceNameToTheSameAccountAndRegion() {
            App app = TestApps.app();
            assertThatThrownBy(() -> UserToolchainApp.build(
                            app,
                            t -> t.addStage(
                                    "TestAgain",
                                    EcsDeploymentConfig.ALL_AT_ONCE,
                                    UserToolchainApp.env(UserToolchainApp.TEST, UserToolchainApp.HOME_REGION))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Tools/Toolchain: stages must not deploy one serviceName to the same "
                            + "account and Region twice, got stages 'Test' and 'TestAgain' both deploying 'orders' to "
                            + "888888888888/eu-west-1");
        }
    }

    @Nested
    class ListenerAfterSwap {
        /**
         * Rule ({@link ListenerGuard}): once CodeDeploy has moved production traffic to the other target group, a
         * CloudFormation update that changes the production listener writes "forward to blue" back over it. The guard
         * runs between the change set's creation and its execution, with the stage's reader role.
         */
        @Test
        @SuppressWarnings("unchecked")
        void guardsTheProductionListenerBetweenTheChangeSetAndItsExecution() throws Exception {
            App app = TestApps.app();
            Stack tools = UserToolchainApp.build(app);
            Toolchain toolchain = (Toolchain) tools.getNode().findChild("Toolchain");
            io.github.securefargate.bluegreen.BlueGreenService prod =
                    toolchain.getServices().get("Prod");
            Stack service = Stack.of(prod);
            String listener = service.getLogicalId((software.amazon.awscdk.CfnElement)
                    prod.getProductionListener().getNode().getDefaultChild());
            String blue = service.getLogicalId((software.amazon.awscdk.CfnElement)
                    prod.getBlueTargetGroup().getNode().getDefaultChild());
            Template t = Template.fromStack(tools);
            Map<String, Object> pipeline = (Map<String, Object>) t.findResources("AWS::CodePipeline::Pipeline")
                    .values()
                    .iterator()
                    .next()
                    .get("Properties");
            List<String> prodActions = new ArrayList<>();
            for (Object st : (List<Object>) pipeline.get("Stages")) {
                if ("Prod".equals(((Map<?, ?>) st).get("Name"))) {
                    for (Object a : (List<Object>) ((Map<?, ?>) st).get("Actions")) {
                        prodActions.add(((Map<?, ?>) a).get("RunOrder") + " " + ((Map<?, ?>) a).get("Name"));
                    }
                }
            }
            assertThat(prodActions)
                    .containsSubsequence("2 Orders.Prepare", "3 Orders.GuardListener", "4 Orders.Deploy");
            List<String> commands =
                    toolchain.getListenerGuardSteps().get("Prod").getCommands();
            String guard = commands.get(commands.size() - 1);
            assertThat(commands)
                    .contains("aws cloudformation describe-change-set --stack-name "
                            + service.getStackName()
                            + " --change-set-name PipelineChange --region us-east-1 --profile stage"
                            + " --output json > target/change-set.json");
            assertThat(guard)
                    .contains(
                            "ListenerGuard touches --change-set target/change-set.json --listener " + listener,
                            "--logical-resource-id " + blue,
                            "ListenerGuard check --listeners " + "target/listeners.json");
            Process p = new ProcessBuilder("bash", "-n", "-c", guard).start();
            assertThat(p.waitFor()).as("bash syntax of %s", guard).isZero();
        }
    }

    @Nested
    class RoutineRelease {
        private Template serviceStack(final String image) {
            Stack stack = new Stack(
                    TestApps.app(),
                    "Orders",
                    software.amazon.awscdk.StackProps.builder()
                            .env(UserToolchainApp.env(UserToolchainApp.TEST, UserToolchainApp.HOME_REGION))
                            .build());
            UserToolchainApp.service(
                    stack,
                    ToolchainStage.builder()
                            .name("Test")
                            .env(UserToolchainApp.env(UserToolchainApp.TEST, UserToolchainApp.HOME_REGION))
                            .build(),
                    UserToolchainApp.TOOLS,
                    image);
            return Template.fromStack(stack);
        }

        /**
         * Rule ({@link ListenerGuard}): a stack update that changes the production or test listener after a CodeDeploy
         * swap writes "forward to blue" back. A release of a new image changes the task definition only, so the
         * routine path never trips the guard.
         */
        @Test
        void aNewImageChangesTheTaskDefinitionButNoListener() {
            Template before = serviceStack("public.ecr.aws/nginx/nginx:1.27");
            Template after = serviceStack("public.ecr.aws/nginx/nginx:1.28");
            assertThat(after.findResources("AWS::ElasticLoadBalancingV2::Listener"))
                    .isEqualTo(before.findResources("AWS::ElasticLoadBalancingV2::Listener"))
                    .hasSize(3);
            assertThat(after.findResources("AWS::ElasticLoadBalancingV2::TargetGroup"))
                    .isEqualTo(before.findResources("AWS::ElasticLoadBalancingV2::TargetGroup"));
            assertThat(after.findResources("AWS::ECS::TaskDefinition"))
                    .isNotEqualTo(before.findResources("AWS::ECS::TaskDefinition"));
        }
    }

    @Nested
    class CdkInitRepository {
        /**
         * `cdk init app --language java` creates cdk.json, pom.xml and src/, no package.json or package-lock.json:
         * `npm ci` fails there ("can only install with an existing package-lock.json"), and `npx cdk` without a
         * local install runs whatever the registry's latest `cdk` is (aws-cdk 3.x cannot read this cloud assembly).
         */
        @Test
        void defaultSynthNeedsNoPackageJsonAndInstallsThePinnedCli() {
            assertThat(Toolchain.DEFAULT_SYNTH_COMMANDS)
                    .containsExactly(
                            "npm install -g aws-cdk@" + Toolchain.DEFAULT_CLI_VERSION,
                            "mvn -B -q package",
                            "cdk synth --quiet");
            for (String command : Toolchain.DEFAULT_SYNTH_COMMANDS) {
                assertThat(command)
                        .doesNotContain("npm ci")
                        .doesNotContain("npx")
                        .doesNotContain("npm run")
                        .isNotEqualTo("npm install");
            }
        }

        @Test
        void synthInstallsTheSameCliAsSelfMutation() {
            App app = TestApps.app();
            Stack tools = UserToolchainApp.build(app, t -> t.cliVersion("2.1150.0"));
            String json = Template.fromStack(tools).toJSON().toString();
            // The synth step and the self-mutation step both install it.
            assertThat(json.split("aws-cdk@2\\.1150\\.0", -1)).hasSizeGreaterThan(2);
            assertThat(json)
                    .contains("npm install -g aws-cdk@2.1150.0")
                    .doesNotContain("aws-cdk@" + Toolchain.DEFAULT_CLI_VERSION);
        }
    }

    @Nested
    class RedeployAfterDestroy {
        /** Names a template gives resources; a retained resource with a literal one blocks the next deploy. */
        private static final List<String> NAME_PROPERTIES = List.of(
                "BucketName",
                "RoleName",
                "LogGroupName",
                "AliasName",
                "BackupVaultName",
                "TopicName",
                "QueueName",
                "KeyAlias",
                "FunctionName",
                "TableName",
                "RepositoryName",
                "Name");

        @SuppressWarnings("unchecked")
        private List<String> retainedWithLiteralNames(final Stack stack) {
            List<String> found = new ArrayList<>();
            Map<String, Object> resources =
                    (Map<String, Object>) Template.fromStack(stack).toJSON().get("Resources");
            resources.forEach((id, r) -> {
                Map<String, Object> resource = (Map<String, Object>) r;
                Object props = resource.get("Properties");
                boolean retained = "Retain".equals(resource.get("DeletionPolicy"))
                        || "RetainExceptOnCreate".equals(resource.get("DeletionPolicy"));
                if (retained && props instanceof Map) {
                    for (String name : NAME_PROPERTIES) {
                        if (((Map<String, Object>) props).get(name) instanceof String) {
                            found.add(stack.getArtifactId() + "/" + id + "." + name);
                        }
                    }
                }
            });
            return found;
        }

        private List<Stack> toolchainAndSupportStacks(final Stack tools) {
            List<Stack> stacks = new ArrayList<>(List.of(tools));
            stacks.addAll(tools.getDependencies());
            return stacks;
        }

        @Test
        void noRetainedResourceOfTheToolchainOrItsSupportStacksHasAFixedName() {
            App app = TestApps.app();
            Stack tools = UserToolchainApp.build(app);
            List<Stack> stacks = toolchainAndSupportStacks(tools);
            Stack example = ExampleAppFixture.get().stack("Toolchain");
            stacks.addAll(toolchainAndSupportStacks(example));
            assertThat(stacks).hasSize(4);
            List<String> found = new ArrayList<>();
            stacks.forEach(s -> found.addAll(retainedWithLiteralNames(s)));
            assertThat(found).isEmpty();
        }
    }
}
