package io.github.securefargate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.examples.ExampleEnvironments;
import io.github.securefargate.service.SecureFargateService;
import io.github.securefargate.testing.ExampleAppFixture;
import io.github.securefargate.testing.TestApps;
import io.github.securefargate.testing.TlsOnly;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.pipelines.CodePipelineSource;
import software.amazon.awscdk.pipelines.ConnectionSourceOptions;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;

/**
 * The example toolchain (synthesized once, shared with the snapshot and compliance tests) and the toolchain's
 * validations on small toolchains.
 */
class ToolchainTest {
    private static final String TOOLCHAIN = ExampleEnvironments.TOOLCHAIN_ACCOUNT;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = ExampleAppFixture.get().template("Toolchain");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pipelineProperties(final Template t) {
        Map<String, Map<String, Object>> pipelines = t.findResources("AWS::CodePipeline::Pipeline");
        assertThat(pipelines).hasSize(1);
        return (Map<String, Object>) pipelines.values().iterator().next().get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> actions(final Template t, final String stage) {
        for (Object s : (List<Object>) pipelineProperties(t).get("Stages")) {
            Map<String, Object> st = (Map<String, Object>) s;
            if (stage.equals(st.get("Name"))) {
                return (List<Map<String, Object>>) st.get("Actions");
            }
        }
        throw new AssertionError("no stage " + stage);
    }

    private static List<String> names(final List<Map<String, Object>> actions) {
        return actions.stream()
                .map(a -> a.get("RunOrder") + " " + a.get("Name"))
                .collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> action(final Template t, final String stage, final String name) {
        return actions(t, stage).stream()
                .filter(a -> name.equals(a.get("Name")))
                .findFirst()
                .orElseThrow();
    }

    @Nested
    class PinnedTools {
        @SuppressWarnings("unchecked")
        private List<String> buildSpecs() {
            return template.findResources("AWS::CodeBuild::Project").values().stream()
                    .map(r -> String.valueOf(
                            ((Map<String, Object>) ((Map<String, Object>) r.get("Properties")).get("Source"))
                                    .get("BuildSpec")))
                    .collect(Collectors.toList());
        }

        /** @return the aws-cdk CLI version package.json pins (what the README's synth command runs) */
        private String packageJsonCliVersion() throws java.io.IOException {
            com.fasterxml.jackson.databind.JsonNode pin = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(java.nio.file.Path.of("package.json").toFile())
                    .path("devDependencies")
                    .path("aws-cdk");
            assertThat(pin.isTextual())
                    .as("package.json pins devDependencies.aws-cdk")
                    .isTrue();
            return pin.asText();
        }

        @Test
        void installsTheCdkCliThatPackageJsonPins() throws java.io.IOException {
            String pinned = packageJsonCliVersion();
            assertThat(pinned).as("an exact version, no range").matches("\\d+\\.\\d+\\.\\d+");
            assertThat(Toolchain.DEFAULT_CLI_VERSION).isEqualTo(pinned);
            assertThat(buildSpecs()).anySatisfy(spec -> assertThat(spec).contains("npm install -g aws-cdk@" + pinned));
        }

        @Test
        void installsThePinnedCdkAssetsNeverLatest() {
            List<String> specs = buildSpecs();
            assertThat(specs).anySatisfy(spec -> assertThat(spec)
                    .contains("cdk-assets@" + Toolchain.DEFAULT_CDK_ASSETS_VERSION));
            assertThat(specs)
                    .allSatisfy(
                            spec -> assertThat(spec).doesNotContain("@latest").doesNotContain("aws-cdk@3"));
        }
    }

    @Nested
    class Pipeline {
        @Test
        @SuppressWarnings("unchecked")
        void isAV2PipelineWithStagesInDeploymentOrder() {
            Map<String, Object> p = pipelineProperties(template);
            assertThat(p.get("PipelineType")).isEqualTo("V2");
            List<String> stages = ((List<Object>) p.get("Stages"))
                    .stream()
                            .map(s -> String.valueOf(((Map<String, Object>) s).get("Name")))
                            .collect(Collectors.toList());
            assertThat(stages).containsExactly("Source", "Build", "UpdatePipeline", "Assets", "UAT", "Prod");
        }

        @Test
        void deploysTheStackThenPreparesTheReleaseThenShiftsTraffic() {
            assertThat(names(actions(template, "UAT")))
                    .containsExactly(
                            "1 Service.Prepare",
                            "2 Service.GuardListener",
                            "3 Service.Deploy",
                            "4 PrepareRelease",
                            "5 DeployBlueGreen");
        }

        @Test
        void waitsForApprovalBeforeProd() {
            assertThat(names(actions(template, "Prod")))
                    .containsExactly(
                            "1 Approve",
                            "2 Service.Prepare",
                            "3 Service.GuardListener",
                            "4 Service.Deploy",
                            "5 PrepareRelease",
                            "6 DeployBlueGreen");
            assertThat(action(template, "Prod", "Approve").get("ActionTypeId"))
                    .isEqualTo(Map.of("Category", "Approval", "Owner", "AWS", "Provider", "Manual", "Version", "1"));
        }

        @Test
        void codeDeployActionReadsTheThreeFilesOfTheReleaseStep() {
            Map<String, Object> deploy = action(template, "UAT", "DeployBlueGreen");
            Map<String, Object> release = action(template, "UAT", "PrepareRelease");
            assertThat(deploy.get("ActionTypeId"))
                    .isEqualTo(Map.of(
                            "Category", "Deploy", "Owner", "AWS", "Provider", "CodeDeployToECS", "Version", "1"));
            Object releaseOutput = ((Map<?, ?>) ((List<?>) release.get("OutputArtifacts")).get(0)).get("Name");
            assertThat(deploy.get("Configuration"))
                    .isEqualTo(Map.of(
                            "ApplicationName",
                            "hello",
                            "DeploymentGroupName",
                            "hello",
                            "TaskDefinitionTemplateArtifact",
                            releaseOutput,
                            "TaskDefinitionTemplatePath",
                            "taskdef.json",
                            "AppSpecTemplateArtifact",
                            releaseOutput,
                            "AppSpecTemplatePath",
                            "appspec.yaml",
                            "Image1ArtifactName",
                            releaseOutput,
                            "Image1ContainerName",
                            "IMAGE1_NAME"));
            assertThat(deploy.get("InputArtifacts")).isEqualTo(List.of(Map.of("Name", releaseOutput)));
        }

        @Test
        void codeDeployActionRunsInTheStageAccountAndRegionWithTheServiceRole() {
            Map<String, Object> uat = action(template, "UAT", "DeployBlueGreen");
            assertThat(uat.get("RoleArn")).isEqualTo("arn:aws:iam::333333333333:role/hello-deploy-eu-west-1");
            assertThat(uat).doesNotContainKey("Region");
            Map<String, Object> prod = action(template, "Prod", "DeployBlueGreen");
            assertThat(prod.get("RoleArn")).isEqualTo("arn:aws:iam::444444444444:role/hello-deploy-eu-central-1");
            assertThat(prod.get("Region")).isEqualTo("eu-central-1");
        }

        @Test
        @SuppressWarnings("unchecked")
        void storesArtifactsInTheToolchainRegionAndTheProdRegionWithKeys() {
            List<Map<String, Object>> stores =
                    (List<Map<String, Object>>) pipelineProperties(template).get("ArtifactStores");
            assertThat(stores.stream().map(s -> s.get("Region")))
                    .containsExactlyInAnyOrder("eu-west-1", "eu-central-1");
            software.amazon.awscdk.services.kms.Key key = toolchain().getArtifactKey();
            String keyId = Stack.of(key).getLogicalId((software.amazon.awscdk.CfnElement)
                    key.getNode().getDefaultChild());
            for (Map<String, Object> s : stores) {
                Map<String, Object> encryption =
                        (Map<String, Object>) ((Map<String, Object>) s.get("ArtifactStore")).get("EncryptionKey");
                assertThat(encryption.get("Type")).isEqualTo("KMS");
                if ("eu-west-1".equals(s.get("Region"))) {
                    assertThat(encryption.get("Id"))
                            .as("the toolchain's own rotated key")
                            .isEqualTo(Map.of("Fn::GetAtt", List.of(keyId, "Arn")));
                } else {
                    assertThat(String.valueOf(encryption.get("Id")))
                            .as("the support stack's key in Prod's Region")
                            .startsWith("arn:aws:kms:eu-central-1:222222222222:alias/");
                }
            }
        }
    }

    @Nested
    class ReleaseStep {
        @Test
        @SuppressWarnings("unchecked")
        void derivesTaskdefFromTheRegisteredTaskDefinitionOfTheStage() {
            BlueGreenService prod = toolchain().getServices().get("Prod");
            String buildSpec = null;
            for (Map<String, Object> project :
                    template.findResources("AWS::CodeBuild::Project").values()) {
                Object spec = ((Map<String, Object>) ((Map<String, Object>) project.get("Properties")).get("Source"))
                        .get("BuildSpec");
                if (String.valueOf(spec).contains("hello-taskdef-eu-central-1")) {
                    buildSpec = String.valueOf(spec);
                }
            }
            assertThat(buildSpec)
                    .isNotNull()
                    .contains(
                            "aws configure set profile.stage.role_arn arn:aws:iam::444444444444:role/hello-taskdef-eu-central-1",
                            "aws configure set profile.stage.credential_source EcsContainer",
                            "aws ecs describe-task-definition --task-definition " + prod.getTaskDefinitionFamily()
                                    + " --region eu-central-1 --profile stage",
                            "io.github.securefargate.pipeline.DeploymentArtifacts --task-definition "
                                    + "target/described-task-definition.json --container app --port 8080",
                            "dependency:build-classpath",
                            "corretto17");
        }

        @Test
        void mayAssumeOnlyTheReaderRoleOfItsStage() {
            template.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Match.objectLike(Map.of(
                            "PolicyDocument",
                            Match.objectLike(Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(Map.of(
                                            "Action",
                                            "sts:AssumeRole",
                                            "Effect",
                                            "Allow",
                                            "Resource",
                                            "arn:aws:iam::333333333333:role/hello-taskdef-eu-west-1"))))),
                            "Roles",
                            List.of(Map.of("Ref", Match.stringLikeRegexp("ToolchainPipelineUATPrepareRelease.*"))))));
        }
    }

    @Nested
    class SelfMutation {
        @SuppressWarnings("unchecked")
        private List<Map<String, Object>> statements() {
            for (Map.Entry<String, Map<String, Object>> e :
                    template.findResources("AWS::IAM::Policy").entrySet()) {
                if (e.getKey().contains("SelfMutation")) {
                    return (List<Map<String, Object>>) ((Map<String, Object>)
                                    ((Map<String, Object>) e.getValue().get("Properties")).get("PolicyDocument"))
                            .get("Statement");
                }
            }
            throw new AssertionError("no self-mutation policy");
        }

        @Test
        void mayAssumeOnlyFilePublishingAndDeployBootstrapRolesOfThePipelineAccount() {
            List<Map<String, Object>> assume = statements().stream()
                    .filter(s -> String.valueOf(s.get("Action")).contains("sts:AssumeRole"))
                    .collect(Collectors.toList());
            assertThat(assume)
                    .containsExactly(Map.of(
                            "Action",
                            "sts:AssumeRole",
                            "Effect",
                            "Allow",
                            "Resource",
                            List.of(
                                    "arn:aws:iam::" + TOOLCHAIN + ":role/cdk-*-" + TOOLCHAIN + "-eu-west-1",
                                    "arn:aws:iam::" + TOOLCHAIN + ":role/cdk-*-" + TOOLCHAIN + "-eu-central-1"),
                            "Condition",
                            Map.of(
                                    "StringEquals",
                                    Map.of(
                                            "iam:ResourceTag/aws-cdk:bootstrap-role",
                                            List.of("file-publishing", "deploy")))));
        }

        @Test
        void hasNoWildcardOrAnyPartitionResource() {
            for (Map<String, Object> s : statements()) {
                assertThat(String.valueOf(s.get("Resource")))
                        .as("%s", s.get("Action"))
                        .isNotEqualTo("*")
                        .doesNotContain("arn:*:");
            }
            assertThat(statements()).anySatisfy(s -> assertThat(s)
                    .containsEntry("Action", "cloudformation:DescribeStacks")
                    .containsEntry("Resource", "arn:aws:cloudformation:*:" + TOOLCHAIN + ":stack/*"));
        }

        @Test
        void stillReadsThePipelineArtifacts() {
            assertThat(statements())
                    .anySatisfy(s -> assertThat(String.valueOf(s.get("Action"))).contains("s3:GetObject*"));
        }
    }

    @Nested
    class ArtifactStore {
        @Test
        void encryptsWithARotatedRetainedKeyAndEnforcesTls() {
            template.hasResourceProperties(
                    "AWS::S3::Bucket",
                    Match.objectLike(Map.of(
                            "BucketEncryption",
                                    Map.of(
                                            "ServerSideEncryptionConfiguration",
                                            List.of(Map.of(
                                                    "BucketKeyEnabled",
                                                    true,
                                                    "ServerSideEncryptionByDefault",
                                                    Map.of(
                                                            "SSEAlgorithm",
                                                            "aws:kms",
                                                            "KMSMasterKeyID",
                                                            Map.of(
                                                                    "Fn::GetAtt",
                                                                    List.of(
                                                                            Match.stringLikeRegexp(
                                                                                    "ToolchainArtifactsKey.*"),
                                                                            "Arn")))))),
                            "VersioningConfiguration", Map.of("Status", "Enabled"),
                            "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "artifacts/")))));
            template.hasResource(
                    "AWS::KMS::Key",
                    Match.objectLike(Map.of(
                            "Properties",
                            Match.objectLike(Map.of("EnableKeyRotation", true)),
                            "DeletionPolicy",
                            "Retain")));
            TlsOnly.assertDenied(template, "AWS::S3::BucketPolicy");
        }

        @Test
        void pinsTheArtifactBucketAndKeyIds() {
            assertThat(template.findResources("AWS::S3::Bucket")).containsKeys("ToolchainArtifactsBucketEA375507");
            assertThat(template.findResources("AWS::KMS::Key")).containsKeys("ToolchainArtifactsKey4FB91DC0");
        }

        @Test
        void versionsTheCrossRegionReplicationBucket() {
            Template support = ExampleAppFixture.get().template("cross-region-stack-222222222222_eu-central-1");
            support.hasResourceProperties(
                    "AWS::S3::Bucket",
                    Match.objectLike(Map.of("VersioningConfiguration", Map.of("Status", "Enabled"))));
        }
    }

    @Nested
    class Stages {
        @Test
        void eachStageDeploysABlueGreenServiceInItsEnvironmentTrustingTheToolchain() {
            Map<String, BlueGreenService> services = toolchain().getServices();
            assertThat(services).containsOnlyKeys("UAT", "Prod");
            Stack prod = Stack.of(services.get("Prod"));
            assertThat(prod.getAccount()).isEqualTo("444444444444");
            assertThat(prod.getRegion()).isEqualTo("eu-central-1");
            Template t = ExampleAppFixture.get().template(prod.getArtifactId());
            t.hasResourceProperties(
                    "AWS::CodeDeploy::DeploymentGroup",
                    Match.objectLike(Map.of(
                            "DeploymentGroupName",
                            "hello",
                            "DeploymentConfigName",
                            "CodeDeployDefault.ECSCanary10Percent15Minutes")));
            t.hasResourceProperties(
                    "AWS::IAM::Role", Match.objectLike(Map.of("RoleName", "hello-deploy-eu-central-1")));
            assertThat(t.toJSON().toString()).contains("iam::" + TOOLCHAIN + ":root");
        }

        @Test
        void uatUsesTheCanaryItWasGiven() {
            Template t = ExampleAppFixture.get()
                    .template(Stack.of(toolchain().getServices().get("UAT")).getArtifactId());
            t.hasResourceProperties(
                    "AWS::CodeDeploy::DeploymentGroup",
                    Match.objectLike(Map.of("DeploymentConfigName", "CodeDeployDefault.ECSCanary10Percent5Minutes")));
        }
    }

    private static Toolchain toolchain() {
        return ((io.github.securefargate.examples.ToolchainStack)
                        ExampleAppFixture.get().stack("Toolchain"))
                .getToolchain();
    }

    // ------------------------------------------------------------------ small toolchains for validation

    static BlueGreenService service(final Stage stage, final ToolchainStage settings) {
        Stack stack = new Stack(stage, "Service");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        EncryptedCluster cluster =
                EncryptedCluster.Builder.create(stack, "Cluster").vpc(vpc).build();
        SecureFargateService s = SecureFargateService.Builder.create(stack, "Service")
                .cluster(cluster.getCluster())
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"))
                .deploymentController(DeploymentControllerType.CODE_DEPLOY)
                .build();
        return BlueGreenService.Builder.create(stack, "BlueGreen")
                .service(s)
                .serviceName("orders")
                .deploymentConfig(settings.getDeploymentConfig())
                .build();
    }

    static Toolchain.Builder toolchain(final Stack stack) {
        return Toolchain.Builder.create(stack, "Toolchain")
                .source(CodePipelineSource.connection(
                        "org/repo",
                        "main",
                        ConnectionSourceOptions.builder()
                                .connectionArn("arn:aws:codeconnections:eu-west-1:111111111111:connection/x")
                                .build()))
                .serviceStage(ToolchainTest::service);
    }

    static Environment env(final String account, final String region) {
        return Environment.builder().account(account).region(region).build();
    }

    @Nested
    class Validation {
        @Test
        void failsWithoutStagesWhenTheAppIsSynthesized() {
            App app = TestApps.app();
            Stack stack = new Stack(
                    app, "Tools", StackProps.builder().env(TestApps.env()).build());
            toolchain(stack).build();
            assertThatThrownBy(app::synth)
                    .hasMessageContaining("Tools/Toolchain: stages must contain at least one stage, got none");
        }

        @Test
        void failsOnTwoStagesWithTheSameName() {
            assertThatThrownBy(() -> toolchain(TestApps.stack())
                            .addStage("UAT", EcsDeploymentConfig.ALL_AT_ONCE, env("333333333333", "eu-west-1"))
                            .addStage("UAT", EcsDeploymentConfig.ALL_AT_ONCE, env("444444444444", "eu-west-1"))
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/Toolchain: stages must have unique names, got 'UAT' twice");
        }

        @Test
        void failsOnAStageWithoutAccount() {
            assertThatThrownBy(() -> toolchain(TestApps.stack())
                            .addStage(
                                    "UAT",
                                    EcsDeploymentConfig.ALL_AT_ONCE,
                                    Environment.builder().region("eu-west-1").build())
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("stages[UAT].env must name an account and a Region, got account=null "
                            + "region=eu-west-1");
        }

        @Test
        void failsOnAStageWithoutRegion() {
            assertThatThrownBy(() -> toolchain(TestApps.stack())
                            .addStage(
                                    "UAT",
                                    EcsDeploymentConfig.ALL_AT_ONCE,
                                    Environment.builder()
                                            .account("333333333333")
                                            .build())
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("stages[UAT].env must name an account and a Region");
        }

        @Test
        void failsInAnEnvironmentAgnosticStack() {
            assertThatThrownBy(() -> toolchain(new Stack(TestApps.app(), "Agnostic"))
                            .addStage("UAT", EcsDeploymentConfig.ALL_AT_ONCE, env("333333333333", "eu-west-1"))
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(
                            "Agnostic/Toolchain: scope must be in a stack with an explicit account and " + "Region");
        }

        @Test
        void failsWhenTheFactoryReturnsAServiceOutsideTheStage() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> toolchain(stack)
                            .serviceStage((stage, settings) -> service(
                                    new Stage(
                                            stack,
                                            "Elsewhere",
                                            software.amazon.awscdk.StageProps.builder()
                                                    .env(env("333333333333", "eu-west-1"))
                                                    .build()),
                                    settings))
                            .addStage("UAT", EcsDeploymentConfig.ALL_AT_ONCE, env("333333333333", "eu-west-1"))
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(
                            "serviceStage must return the BlueGreenService it created inside stage 'UAT'");
        }
    }

    @Nested
    class CrossRegion {
        @Test
        void singleAccountCrossRegionStageSynthesizesWithoutCyclicReference() {
            App app = TestApps.app();
            Stack stack = new Stack(
                    app, "Tools", StackProps.builder().env(TestApps.env()).build());
            Toolchain t = toolchain(stack)
                    .addStage(ToolchainStage.builder()
                            .name("Frankfurt")
                            .env(env(TestApps.ACCOUNT, "eu-central-1"))
                            .wave("Europe")
                            .build())
                    .addStage(ToolchainStage.builder()
                            .name("Ireland")
                            .env(env(TestApps.ACCOUNT, "eu-west-1"))
                            .wave("Europe")
                            .build())
                    .build();
            app.synth();
            Template tt = Template.fromStack(stack);
            Map<String, Object> deploy = action(tt, "Europe", "Frankfurt.DeployBlueGreen");
            assertThat(deploy.get("Region")).isEqualTo("eu-central-1");
            assertThat(deploy.get("RoleArn")).isEqualTo("arn:aws:iam::111111111111:role/orders-deploy-eu-central-1");
            assertThat(names(actions(tt, "Europe")))
                    .contains("5 Frankfurt.DeployBlueGreen", "5 Ireland.DeployBlueGreen");
            assertThat(t.getPipeline().getPipeline().getCrossRegionSupport()).containsKey("eu-central-1");
        }
    }

    @Nested
    class Compliance {
        @Test
        void leavesBucketReplicationToTheUserToAcknowledge() {
            App app = TestApps.app();
            Stack stack = new Stack(
                    app, "Tools", StackProps.builder().env(TestApps.env()).build());
            Toolchain t = toolchain(stack)
                    .addStage(ToolchainStage.builder()
                            .name("Frankfurt")
                            .env(env(TestApps.ACCOUNT, "eu-central-1"))
                            .build())
                    .build();
            app.synth();
            String toolchain =
                    Template.fromStack(stack).toJSON().get("Resources").toString();
            String support = Template.fromStack(t.getPipeline()
                            .getPipeline()
                            .getCrossRegionSupport()
                            .get("eu-central-1")
                            .getStack())
                    .toJSON()
                    .get("Resources")
                    .toString();
            // Cross-Region Replication of artifact, replication and access-log buckets is a choice, not design.
            assertThat(toolchain).doesNotContain("S3BucketReplicationEnabled");
            assertThat(support).doesNotContain("S3BucketReplicationEnabled");
            // What comes with the design stays recorded: SSE-S3 for access logs, the replication bucket's logging.
            assertThat(toolchain).contains("S3DefaultEncryptionKMS");
            assertThat(support).contains("S3BucketLoggingEnabled");
        }
    }
}
