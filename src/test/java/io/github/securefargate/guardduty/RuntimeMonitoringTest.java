package io.github.securefargate.guardduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.securefargate.ValidationException;
import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.service.SecureFargateService;
import io.github.securefargate.testing.IamPolicies;
import io.github.securefargate.testing.TestApps;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentController;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.sqs.Queue;

class RuntimeMonitoringTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stack with a VPC and an encrypted cluster, configured by the test. */
    static final class Env {
        final Stack stack = TestApps.stack();
        final Vpc vpc =
                Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        final EncryptedCluster cluster =
                EncryptedCluster.Builder.create(stack, "Cluster").vpc(vpc).build();

        RuntimeMonitoring monitor(final Consumer<RuntimeMonitoring.Builder> config) {
            RuntimeMonitoring.Builder b =
                    RuntimeMonitoring.Builder.create(stack, "Monitoring").cluster(cluster);
            config.accept(b);
            return b.build();
        }

        SecureFargateService secureService() {
            return SecureFargateService.Builder.create(stack, "Service")
                    .cluster(cluster.getCluster())
                    .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx"))
                    .build();
        }

        /** A plain Fargate service whose task definition the test shapes. */
        FargateService plainService(final FargateTaskDefinition td, final FargatePlatformVersion version) {
            return FargateService.Builder.create(stack, "Plain")
                    .cluster(cluster.getCluster())
                    .taskDefinition(td)
                    .platformVersion(version)
                    .build();
        }

        Object clusterNameRef() {
            return stack.resolve(cluster.getCluster().getClusterName());
        }

        Template template() {
            return Template.fromStack(stack);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Defaults {
        Env env;
        Template template;
        RuntimeMonitoring monitoring;
        SecureFargateService service;

        @BeforeAll
        void synth() {
            env = new Env();
            monitoring = env.monitor(b -> b.alertEmails(List.of("security@example.com")));
            // Created after the construct: still found and checked.
            service = env.secureService();
            template = env.template();
        }

        @Test
        void selectsOnlyThisClusterByTaggingItGuardDutyManagedTrue() {
            assertThat(monitoring.getMode()).isEqualTo(MonitoringMode.SELECTED_CLUSTERS);
            template.hasResourceProperties(
                    "AWS::ECS::Cluster",
                    Map.of("Tags", Match.arrayWith(List.of(Map.of("Key", "GuardDutyManaged", "Value", "true")))));
        }

        @Test
        void enablesRuntimeMonitoringOnTheExistingDetectorAndAsksForAgentManagementOff() {
            assertThat(monitoring.getDetectorSetup()).isEqualTo(DetectorSetup.UPDATE_EXISTING);
            template.resourceCountIs("AWS::GuardDuty::Detector", 0);
            template.hasResourceProperties(
                    RuntimeMonitoring.DETECTOR_RESOURCE_TYPE,
                    Map.of(
                            "Action",
                            "ENABLE",
                            "AgentManagement",
                            "DISABLED",
                            "RestoreOnDelete",
                            "true",
                            "Account",
                            TestApps.ACCOUNT,
                            "Region",
                            TestApps.REGION,
                            "OwnerParameterPath",
                            RuntimeMonitoring.OWNER_PARAMETER_PATH));
        }

        @Test
        void detectorFunctionMayAskForTheAdministratorAndRecordOwnersOnlyUnderItsParameterPath() {
            template.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Map.of(
                            "PolicyDocument",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(Map.of(
                                            "Sid",
                                            "RecordOwnersOfTheSettings",
                                            "Effect",
                                            "Allow",
                                            "Action",
                                            RuntimeMonitoring.OWNER_PARAMETER_ACTIONS,
                                            "Resource",
                                            List.of(
                                                    "arn:aws:ssm:eu-west-1:111111111111:parameter/securefargate/"
                                                            + "guardduty-runtime-monitoring/*",
                                                    "arn:aws:ssm:eu-west-1:111111111111:parameter/securefargate/"
                                                            + "guardduty-runtime-monitoring/owners")))))));
        }

        @Test
        void detectorFunctionMayOnlyListAndChangeDetectorsOfThisAccountAndRegion() {
            template.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Map.of(
                            "PolicyDocument",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(
                                            Map.of(
                                                    "Sid",
                                                    "FindDetector",
                                                    "Action",
                                                    "guardduty:ListDetectors",
                                                    "Effect",
                                                    "Allow",
                                                    "Resource",
                                                    "*"),
                                            Map.of(
                                                    "Sid",
                                                    "ReadAndUpdateDetector",
                                                    "Effect",
                                                    "Allow",
                                                    "Action",
                                                    List.of(
                                                            "guardduty:GetAdministratorAccount",
                                                            "guardduty:GetDetector",
                                                            "guardduty:UpdateDetector"),
                                                    "Resource",
                                                    "arn:aws:guardduty:eu-west-1:111111111111:detector/*"))))));
        }

        @Test
        void functionsAreHardenedForTheCompliancePacks() {
            template.hasResourceProperties(
                    "AWS::Lambda::Function",
                    Map.of(
                            "Runtime",
                            "python3.14",
                            "ReservedConcurrentExecutions",
                            1,
                            "VpcConfig",
                            Map.of("SubnetIds", Match.anyValue(), "SecurityGroupIds", Match.anyValue()),
                            "LoggingConfig",
                            Map.of("LogGroup", Match.anyValue())));
            template.hasResource(
                    "AWS::Logs::LogGroup",
                    Map.of(
                            "DeletionPolicy",
                            "Retain",
                            "Properties",
                            Map.of("KmsKeyId", Match.anyValue(), "RetentionInDays", 365)));
            template.hasResourceProperties(
                    "AWS::EC2::SecurityGroup",
                    Map.of(
                            "GroupDescription",
                            "GuardDuty runtime monitoring functions: HTTPS to AWS APIs only",
                            "SecurityGroupEgress",
                            List.of(Map.of(
                                    "CidrIp",
                                    "0.0.0.0/0",
                                    "IpProtocol",
                                    "tcp",
                                    "FromPort",
                                    443,
                                    "ToPort",
                                    443,
                                    "Description",
                                    "HTTPS to AWS APIs"))));
            // No managed policies: the functions' roles carry only their own statements.
            template.hasResourceProperties(
                    "AWS::IAM::Role",
                    Map.of(
                            "AssumeRolePolicyDocument",
                                    Match.objectLike(Map.of(
                                            "Statement",
                                            List.of(Match.objectLike(
                                                    Map.of("Principal", Map.of("Service", "lambda.amazonaws.com")))))),
                            "ManagedPolicyArns", Match.absent()));
        }

        @Test
        void ownsThePrivateDnsDataEndpointWithAnAccountOnlyPolicy() {
            template.hasResourceProperties(
                    "AWS::EC2::VPCEndpoint",
                    Map.of(
                            "ServiceName",
                            "com.amazonaws.eu-west-1.guardduty-data",
                            "VpcEndpointType",
                            "Interface",
                            "PrivateDnsEnabled",
                            true,
                            "PolicyDocument",
                            Map.of(
                                    "Version",
                                    "2012-10-17",
                                    "Statement",
                                    List.of(
                                            Map.of(
                                                    "Sid",
                                                    "AllowThisAccount",
                                                    "Effect",
                                                    "Allow",
                                                    "Principal",
                                                    Map.of("AWS", "*"),
                                                    "Action",
                                                    "*",
                                                    "Resource",
                                                    "*",
                                                    "Condition",
                                                    Map.of(
                                                            "StringEquals",
                                                            Map.of("aws:PrincipalAccount", TestApps.ACCOUNT))),
                                            Map.of(
                                                    "Sid",
                                                    "DenyOtherAccounts",
                                                    "Effect",
                                                    "Deny",
                                                    "Principal",
                                                    Map.of("AWS", "*"),
                                                    "Action",
                                                    "*",
                                                    "Resource",
                                                    "*",
                                                    "Condition",
                                                    Map.of(
                                                            "StringNotEquals",
                                                            Map.of("aws:PrincipalAccount", TestApps.ACCOUNT)))))));
        }

        @Test
        void endpointSecurityGroupAllowsOnlyHttpsFromTheVpcCidr() {
            template.hasResourceProperties(
                    "AWS::EC2::SecurityGroup",
                    Map.of(
                            "GroupDescription", "GuardDuty data endpoint: HTTPS from the VPC CIDR only",
                            "SecurityGroupIngress",
                                    List.of(Map.of(
                                            "CidrIp",
                                            "10.0.0.0/16",
                                            "IpProtocol",
                                            "tcp",
                                            "FromPort",
                                            443,
                                            "ToPort",
                                            443,
                                            "Description",
                                            "HTTPS from the VPC CIDR")),
                            "SecurityGroupEgress", List.of(Match.objectLike(Map.of("CidrIp", "255.255.255.255/32")))));
        }

        @Test
        void unhealthyCoverageRuleMatchesExactlyThisClustersEcsCoverageEvents() {
            assertCoverageRule("GuardDuty Runtime Protection Unhealthy");
        }

        @Test
        void healthyCoverageRuleMatchesExactlyThisClustersEcsCoverageEvents() {
            assertCoverageRule("GuardDuty Runtime Protection Healthy");
        }

        /** A rule matches exactly the ECS coverage events of {@code detailType} for this cluster in this account. */
        private void assertCoverageRule(final String detailType) {
            template.hasResourceProperties(
                    "AWS::Events::Rule",
                    Map.of(
                            "EventPattern",
                            Match.objectEquals(Map.of(
                                    "source", List.of("aws.guardduty"),
                                    "detail-type", List.of(detailType),
                                    "account", List.of(TestApps.ACCOUNT),
                                    "detail",
                                            Map.of(
                                                    "resourceDetails",
                                                    Map.of(
                                                            "resourceType",
                                                            List.of("ECS"),
                                                            "ecsClusterDetails",
                                                            Map.of("clusterName", List.of(env.clusterNameRef()))))))));
        }

        @SuppressWarnings("unchecked")
        @Test
        void unhealthyMessageNamesTheClusterAndTheIssues() {
            Capture input = new Capture();
            template.hasResourceProperties(
                    "AWS::Events::Rule",
                    Map.of(
                            "EventPattern",
                                    Match.objectLike(
                                            Map.of("detail-type", List.of(RuntimeMonitoring.DETAIL_TYPE_UNHEALTHY))),
                            "Targets", List.of(Match.objectLike(Map.of("InputTransformer", input)))));
            Map<String, Object> transformer = input.asObject();
            assertThat((Map<String, Object>) transformer.get("InputPathsMap"))
                    .containsValues(
                            "$.detail.resourceDetails.ecsClusterDetails.clusterName",
                            "$.detail.resourceDetails.ecsClusterDetails.fargateDetails.issues");
            assertThat(String.valueOf(transformer.get("InputTemplate")))
                    .contains("is UNHEALTHY")
                    .contains("Issues: <detail-resourceDetails-ecsClusterDetails-fargateDetails-issues>");
        }

        @Test
        void findingRuleMatchesExactlyEcsClusterFindingsOfThisClusterAtMediumSeverityAndAbove() {
            template.hasResourceProperties(
                    "AWS::Events::Rule",
                    Map.of(
                            "EventPattern",
                            Match.objectEquals(Map.of(
                                    "source", List.of("aws.guardduty"),
                                    "detail-type", List.of("GuardDuty Finding"),
                                    "account", List.of(TestApps.ACCOUNT),
                                    "detail",
                                            Map.of(
                                                    "resource",
                                                            Map.of(
                                                                    "resourceType",
                                                                    List.of("ECSCluster"),
                                                                    "ecsClusterDetails",
                                                                    Map.of("name", List.of(env.clusterNameRef()))),
                                                    "severity", List.of(Map.of("numeric", List.of(">=", 4))))))));
        }

        @Test
        void notifiesAnEncryptedTopicWithTheGivenSubscription() {
            template.hasResourceProperties(
                    "AWS::SNS::Topic",
                    Map.of("DisplayName", "GuardDuty runtime monitoring", "KmsMasterKeyId", Match.anyValue()));
            template.hasResourceProperties(
                    "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "security@example.com"));
        }

        @Test
        void grantsEveryExecutionRoleTheAgentImagePullOnlyFromTheAgentRepository() {
            template.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Map.of(
                            "Roles",
                                    List.of(Map.of("Ref", env.stack.getLogicalId((software.amazon.awscdk.CfnElement)
                                            service.getTaskDefinition()
                                                    .getExecutionRole()
                                                    .getNode()
                                                    .getDefaultChild()))),
                            "PolicyDocument",
                                    Map.of(
                                            "Version",
                                            "2012-10-17",
                                            "Statement",
                                            List.of(
                                                    Map.of(
                                                            "Sid",
                                                            "GuardDutyAgentRegistryLogin",
                                                            "Effect",
                                                            "Allow",
                                                            "Action",
                                                            "ecr:GetAuthorizationToken",
                                                            "Resource",
                                                            "*"),
                                                    Map.of(
                                                            "Sid",
                                                            "GuardDutyAgentImagePull",
                                                            "Effect",
                                                            "Allow",
                                                            "Action",
                                                            List.of(
                                                                    "ecr:BatchCheckLayerAvailability",
                                                                    "ecr:BatchGetImage",
                                                                    "ecr:GetDownloadUrlForLayer"),
                                                            "Resource",
                                                            "arn:aws:ecr:eu-west-1:*:repository/aws-guardduty-agent-fargate")))));
        }

        @Test
        void forcesANewDeploymentAfterTheMonitoringResourcesExist() {
            Map<String, Map<String, Object>> services = template.findResources("AWS::ECS::Service");
            assertThat(services).hasSize(1);
            Map<String, Object> svc = services.values().iterator().next();
            @SuppressWarnings("unchecked")
            List<Object> dependsOn = (List<Object>) svc.get("DependsOn");
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) svc.get("Properties");
            assertThat(props.get("ForceNewDeployment"))
                    .isEqualTo(Map.of(
                            "EnableForceNewDeployment",
                            true,
                            "ForceNewDeploymentNonce",
                            "guardduty-runtime-monitoring-selected_clusters"));
            assertThat(dependsOn)
                    .contains(
                            env.stack.getLogicalId((software.amazon.awscdk.CfnElement)
                                    monitoring.getDetectorSettings().getNode().getDefaultChild()),
                            env.stack.getLogicalId((software.amazon.awscdk.CfnElement)
                                    monitoring.getDataEndpoint().getNode().getDefaultChild()));
            assertThat(monitoring.getMonitoredServices()).containsExactly(service.getService());
        }

        @Test
        void createsNoIsolationAndNoCleanupByDefault() {
            assertThat(monitoring.getIsolationFunction()).isNull();
            template.resourceCountIs(RuntimeMonitoring.CLEANUP_RESOURCE_TYPE, 0);
            assertThat(template.findResources(
                            "AWS::Lambda::Function", Map.of("Properties", Map.of("Runtime", "python3.14"))))
                    .hasSize(1);
            Annotations.fromStack(env.stack).hasNoWarning("*", Match.stringLikeRegexp(".*guardduty.*"));
        }
    }

    @Nested
    class Ids {
        @Test
        void pinsLogicalIdsOfTheStatefulAndAccountLevelResources() {
            Env env = new Env();
            RuntimeMonitoring m = env.monitor(
                    b -> b.detector(DetectorSetup.CREATE).isolateTasks(true).dataEndpoint(false));
            Env other = new Env();
            RuntimeMonitoring d = other.monitor(b -> {});
            Map<String, String> ids = new LinkedHashMap<>();
            ids.put("detector", env.stack.getLogicalId(m.getDetector()));
            ids.put("cleanup", logicalId(env.stack, m.getEndpointCleanup()));
            ids.put("detectorSettings", logicalId(other.stack, d.getDetectorSettings()));
            ids.put("dataEndpoint", logicalId(other.stack, d.getDataEndpoint()));
            assertThat(ids)
                    .containsExactly(
                            Map.entry("detector", "MonitoringDetectorDB430CAE"),
                            Map.entry("cleanup", "MonitoringManagedEndpointCleanupB8835491"),
                            Map.entry("detectorSettings", "MonitoringDetectorSettingsC100B62D"),
                            Map.entry("dataEndpoint", "MonitoringDataEndpoint1A9251B8"));
        }

        private String logicalId(final Stack stack, final software.constructs.IConstruct construct) {
            return stack.getLogicalId(
                    (software.amazon.awscdk.CfnElement) construct.getNode().getDefaultChild());
        }
    }

    @Nested
    class Api {
        @Test
        void customResourceHandlersAreInlinedWithTheSharedResponseCode() {
            for (String handler : List.of("detector_features.py", "endpoint_cleanup.py")) {
                assertThat(Handlers.source(handler))
                        .as(handler)
                        .doesNotContainPattern("(?m)^\\s*(from|import) cfn_response")
                        .containsOnlyOnce("def respond(event, status, reason, physical_id, data=None):");
            }
            assertThat(Handlers.source("isolate_task.py")).doesNotContain("respond");
        }

        @Test
        void constructBuilderAndPropsBuilderHaveTheSameSetters() {
            assertThat(setters(RuntimeMonitoring.Builder.class))
                    .containsExactlyInAnyOrderElementsOf(setters(RuntimeMonitoringProps.Builder.class))
                    .contains("cluster(EncryptedCluster)", "vpcSubnets(SubnetSelection)");
        }

        private List<String> setters(final Class<?> builder) {
            List<String> setters = new ArrayList<>();
            for (Method m : builder.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())
                        && !Modifier.isStatic(m.getModifiers())
                        && m.getReturnType() == builder) {
                    setters.add(m.getName() + "("
                            + String.join(
                                    ",",
                                    Arrays.stream(m.getParameterTypes())
                                            .map(Class::getSimpleName)
                                            .toArray(String[]::new))
                            + ")");
                }
            }
            return setters;
        }

        @Test
        void ownedChildrenComeBackAsConcreteTypesAndOnlyInputsAsInterfaces() {
            Set<String> inputs = Set.of("getCluster", "getVpc", "getAlertTopic");
            for (Method m : RuntimeMonitoring.class.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())
                        && m.getName().startsWith("get")
                        && !inputs.contains(m.getName())) {
                    assertThat(m.getReturnType().isInterface() && m.getReturnType() != List.class)
                            .as(m.getName() + " returns " + m.getReturnType().getSimpleName())
                            .isFalse();
                }
            }
        }

        @Test
        void theAlertTopicItCreatesComesBackAsEncryptedTopicAndAGivenOneOnlyAsITopic() {
            Env created = new Env();
            RuntimeMonitoring own = created.monitor(b -> b.alertEmails(List.of("security@example.com")));
            assertThat(own.getCreatedAlertTopic()).isNotNull();
            assertThat(own.getCreatedAlertTopic().getTopic()).isSameAs(own.getAlertTopic());
            assertThat(own.getCreatedAlertTopic().getAlertEmails()).containsExactly("security@example.com");

            Env given = new Env();
            software.amazon.awscdk.services.sns.Topic topic =
                    new software.amazon.awscdk.services.sns.Topic(given.stack, "Mine");
            RuntimeMonitoring theirs = given.monitor(b -> b.alertTopic(topic));
            assertThat(theirs.getCreatedAlertTopic()).isNull();
            assertThat(theirs.getAlertTopic()).isSameAs(topic);
        }

        @Test
        void vpcSubnetsPlaceTheEndpointAndTheFunctions() {
            Stack stack = TestApps.stack();
            Vpc vpc = Vpc.Builder.create(stack, "Vpc")
                    .maxAzs(2)
                    .natGateways(1)
                    .subnetConfiguration(List.of(
                            SubnetConfiguration.builder()
                                    .name("Public")
                                    .subnetType(SubnetType.PUBLIC)
                                    .build(),
                            SubnetConfiguration.builder()
                                    .name("App")
                                    .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                    .build(),
                            SubnetConfiguration.builder()
                                    .name("Agents")
                                    .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                    .build()))
                    .build();
            EncryptedCluster cluster =
                    EncryptedCluster.Builder.create(stack, "Cluster").vpc(vpc).build();
            RuntimeMonitoring.Builder.create(stack, "Monitoring")
                    .cluster(cluster)
                    .vpcSubnets(
                            SubnetSelection.builder().subnetGroupName("Agents").build())
                    .isolateTasks(true)
                    .build();
            List<Object> agents = new ArrayList<>();
            vpc.selectSubnets(
                            SubnetSelection.builder().subnetGroupName("Agents").build())
                    .getSubnetIds()
                    .forEach(id -> agents.add(stack.resolve(id)));
            Template template = Template.fromStack(stack);
            template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("SubnetIds", agents));
            // The detector and the isolation function (the other function is aws-cdk-lib's, outside the VPC).
            template.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("Runtime", "python3.14"), 2);
            template.resourcePropertiesCountIs(
                    "AWS::Lambda::Function",
                    Map.of("Runtime", "python3.14", "VpcConfig", Match.objectLike(Map.of("SubnetIds", agents))),
                    2);
        }
    }

    @Nested
    class Modes {
        @Test
        void accountWideEnablesAgentManagementAndOptsOutExcludedClusters() {
            Env env = new Env();
            Cluster other =
                    Cluster.Builder.create(env.stack, "Other").vpc(env.vpc).build();
            env.monitor(b -> b.mode(MonitoringMode.ACCOUNT_WIDE).excludedClusters(List.of(other)));
            Template t = env.template();
            t.hasResourceProperties(
                    RuntimeMonitoring.DETECTOR_RESOURCE_TYPE, Map.of("Action", "ENABLE", "AgentManagement", "ENABLED"));
            t.hasResourceProperties(
                    "AWS::ECS::Cluster",
                    Map.of(
                            "ClusterName",
                            Match.absent(),
                            "Tags",
                            List.of(Map.of("Key", "GuardDutyManaged", "Value", "false"))));
        }

        @Test
        void verifyForAccountWideChecksAgentManagementAndSelectedClustersDoesNot() {
            Env env = new Env();
            env.monitor(b -> b.mode(MonitoringMode.ACCOUNT_WIDE).detector(DetectorSetup.VERIFY));
            env.template()
                    .hasResourceProperties(
                            RuntimeMonitoring.DETECTOR_RESOURCE_TYPE,
                            Map.of("Action", "VERIFY", "AgentManagement", "ENABLED"));
            Env other = new Env();
            other.monitor(b -> b.mode(MonitoringMode.MANAGED_ELSEWHERE));
            other.template()
                    .hasResourceProperties(
                            RuntimeMonitoring.DETECTOR_RESOURCE_TYPE,
                            Map.of("Action", "VERIFY", "AgentManagement", ""));
        }

        @Test
        void createdDetectorUsesFeaturesNeverDataSourcesAndIsRetained() {
            Env env = new Env();
            env.monitor(b -> b.mode(MonitoringMode.ACCOUNT_WIDE).detector(DetectorSetup.CREATE));
            Template t = env.template();
            t.hasResource(
                    "AWS::GuardDuty::Detector",
                    Map.of(
                            "DeletionPolicy",
                            "Retain",
                            "UpdateReplacePolicy",
                            "Retain",
                            "Properties",
                            Match.objectEquals(Map.of(
                                    "Enable",
                                    true,
                                    "Features",
                                    List.of(Map.of(
                                            "Name",
                                            "RUNTIME_MONITORING",
                                            "Status",
                                            "ENABLED",
                                            "AdditionalConfiguration",
                                            List.of(Map.of(
                                                    "Name", "ECS_FARGATE_AGENT_MANAGEMENT", "Status", "ENABLED"))))))));
            t.resourceCountIs(RuntimeMonitoring.DETECTOR_RESOURCE_TYPE, 0);
        }

        @Test
        void createdDetectorForSelectedClustersLeavesAgentManagementOffSoThatTheTagOptsIn() {
            Env env = new Env();
            env.monitor(b -> b.detector(DetectorSetup.CREATE));
            env.template()
                    .hasResourceProperties(
                            "AWS::GuardDuty::Detector",
                            Map.of(
                                    "Features",
                                    List.of(Map.of(
                                            "Name",
                                            "RUNTIME_MONITORING",
                                            "Status",
                                            "ENABLED",
                                            "AdditionalConfiguration",
                                            List.of(Map.of(
                                                    "Name", "ECS_FARGATE_AGENT_MANAGEMENT", "Status", "DISABLED"))))));
        }

        @Test
        void managedElsewhereOnlyTagsAndVerifiesWithReadOnlyPermissions() {
            Env env = new Env();
            RuntimeMonitoring m = env.monitor(b -> b.mode(MonitoringMode.MANAGED_ELSEWHERE));
            Template t = env.template();
            assertThat(m.getDetectorSetup()).isEqualTo(DetectorSetup.VERIFY);
            t.hasResourceProperties(
                    RuntimeMonitoring.DETECTOR_RESOURCE_TYPE, Map.of("Action", "VERIFY", "RestoreOnDelete", "false"));
            t.hasResourceProperties(
                    IamPolicies.TYPE,
                    IamPolicies.withStatements(Match.arrayWith(List.of(Map.of(
                            "Sid",
                            "ReadDetector",
                            "Effect",
                            "Allow",
                            "Action",
                            "guardduty:GetDetector",
                            "Resource",
                            "arn:aws:guardduty:eu-west-1:111111111111:detector/*")))));
            assertThat(t.toJSON().toString()).doesNotContain("guardduty:UpdateDetector");
            t.hasResourceProperties(
                    "AWS::ECS::Cluster", Map.of("Tags", List.of(Map.of("Key", "GuardDutyManaged", "Value", "true"))));
        }

        @Test
        void detectorNoneCreatesNoDetectorResourceAtAll() {
            Env env = new Env();
            env.monitor(b -> b.detector(DetectorSetup.NONE));
            Template t = env.template();
            t.resourceCountIs("AWS::GuardDuty::Detector", 0);
            t.resourceCountIs(RuntimeMonitoring.DETECTOR_RESOURCE_TYPE, 0);
        }

        @Test
        void importedClusterInSelectedModeIsWarnedAboutBecauseItCannotBeTagged() {
            Env env = new Env();
            RuntimeMonitoring.Builder.create(env.stack, "Imported")
                    .cluster(Cluster.fromClusterAttributes(
                            env.stack,
                            "Ext",
                            software.amazon.awscdk.services.ecs.ClusterAttributes.builder()
                                    .clusterName("external")
                                    .vpc(env.vpc)
                                    .build()))
                    .detector(DetectorSetup.NONE)
                    .build();
            Annotations.fromStack(env.stack)
                    .hasWarning(
                            "/TestStack/Imported", Match.stringLikeRegexp(".*tag it GuardDutyManaged=true yourself.*"));
        }
    }

    @Nested
    class Endpoint {
        @Test
        void optingOutWarnsAndCleansUpGuardDutysOwnEndpointOnDeleteWithVpcScopedPermissions() {
            Env env = new Env();
            RuntimeMonitoring m = env.monitor(b -> b.dataEndpoint(false));
            Template t = env.template();
            t.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
            t.hasResourceProperties(
                    RuntimeMonitoring.CLEANUP_RESOURCE_TYPE,
                    Map.of(
                            "VpcId",
                            env.stack.resolve(env.vpc.getVpcId()),
                            "ServiceName",
                            "com.amazonaws.eu-west-1.guardduty-data"));
            t.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Map.of(
                            "PolicyDocument",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(
                                            Map.of(
                                                    "Sid",
                                                    "DeleteGuardDutyEndpoint",
                                                    "Effect",
                                                    "Allow",
                                                    "Action",
                                                    "ec2:DeleteVpcEndpoints",
                                                    "Resource",
                                                    "arn:aws:ec2:eu-west-1:111111111111:vpc-endpoint/*",
                                                    "Condition",
                                                    Map.of(
                                                            "StringEquals",
                                                            Map.of("aws:ResourceTag/GuardDutyManaged", "true"))),
                                            Map.of(
                                                    "Sid",
                                                    "DeleteGuardDutySecurityGroupInThisVpc",
                                                    "Effect",
                                                    "Allow",
                                                    "Action",
                                                    "ec2:DeleteSecurityGroup",
                                                    "Resource",
                                                    "arn:aws:ec2:eu-west-1:111111111111:security-group/*",
                                                    "Condition",
                                                    Map.of(
                                                            "StringEquals",
                                                            Map.of(
                                                                    "ec2:Vpc",
                                                                    Map.of(
                                                                            "Fn::Join",
                                                                            List.of(
                                                                                    "",
                                                                                    List.of(
                                                                                            "arn:aws:ec2:eu-west-1:111111111111:vpc/",
                                                                                            env.stack.resolve(
                                                                                                    env.vpc
                                                                                                            .getVpcId())))),
                                                                    "aws:ResourceTag/GuardDutyManaged",
                                                                    "true"))))))));
            Annotations.fromStack(env.stack)
                    .hasWarning("/TestStack/Monitoring", Match.stringLikeRegexp(".*custom resource deletes them.*"));
            assertThat(m.getEndpointCleanup()).isNotNull();
        }

        @Test
        void optingOutOfTheCleanupToo_warnsToDeleteByHand() {
            Env env = new Env();
            env.monitor(b -> b.dataEndpoint(false).cleanUpManagedEndpoint(false));
            env.template().resourceCountIs(RuntimeMonitoring.CLEANUP_RESOURCE_TYPE, 0);
            Annotations.fromStack(env.stack)
                    .hasWarning("/TestStack/Monitoring", Match.stringLikeRegexp(".*Delete them by hand.*"));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Isolation {
        Env env;
        Template template;
        RuntimeMonitoring monitoring;

        @BeforeAll
        void synth() {
            env = new Env();
            Queue extra = new Queue(env.stack, "Extra");
            monitoring = env.monitor(b -> b.isolateTasks(true).findingTarget(new SqsQueue(extra)));
            template = env.template();
        }

        @Test
        void isolationRuleMatchesExactlyTaskFindingsOfThisClusterAtHighSeverityAndAbove() {
            template.hasResourceProperties(
                    "AWS::Events::Rule",
                    Map.of(
                            "EventPattern",
                            Match.objectEquals(Map.of(
                                    "source", List.of("aws.guardduty"),
                                    "detail-type", List.of("GuardDuty Finding"),
                                    "account", List.of(TestApps.ACCOUNT),
                                    "detail",
                                            Map.of(
                                                    "resource",
                                                            Map.of(
                                                                    "resourceType",
                                                                    List.of("ECSCluster"),
                                                                    "ecsClusterDetails",
                                                                    Map.of(
                                                                            "name", List.of(env.clusterNameRef()),
                                                                            "taskDetails",
                                                                                    Map.of(
                                                                                            "arn",
                                                                                            List.of(
                                                                                                    Map.of(
                                                                                                            "exists",
                                                                                                            true))))),
                                                    "severity", List.of(Map.of("numeric", List.of(">=", 7)))))),
                            "Targets",
                            List.of(Match.objectLike(Map.of("RetryPolicy", Match.absent())))));
        }

        @Test
        void handlerGetsTheIsolationTagNamesFromTheConstructsConstants() {
            template.hasResourceProperties(
                    "AWS::Lambda::Function",
                    Map.of(
                            "Description", Match.stringLikeRegexp("Quarantines .*"),
                            "Environment",
                                    Map.of(
                                            "Variables",
                                            Match.objectLike(Map.of(
                                                    "ISOLATION_TAG", RuntimeMonitoring.ISOLATION_TAG,
                                                    "ISOLATION_RECORD_TAG", RuntimeMonitoring.ISOLATION_RECORD_TAG)))));
            assertThat(Handlers.source("isolate_task.py"))
                    .doesNotContain(
                            RuntimeMonitoring.ISOLATION_TAG + "\"", RuntimeMonitoring.ISOLATION_RECORD_TAG + "\"");
        }

        @Test
        void createsNoQuarantineSecurityGroupBecauseFargateInterfacesCannotChangeGroups() {
            template.resourcePropertiesCountIs(
                    "AWS::EC2::SecurityGroup", Map.of("GroupDescription", Match.stringLikeRegexp("Quarantine.*")), 0);
        }

        @Test
        void isolationPermissionsAreScopedToTheClusterAndTheVpc() {
            Object vpcArn = Map.of(
                    "Fn::Join",
                    List.of(
                            "",
                            List.of("arn:aws:ec2:eu-west-1:111111111111:vpc/", env.stack.resolve(env.vpc.getVpcId()))));
            template.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Map.of(
                            "PolicyDocument",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(
                                            Map.of(
                                                    "Sid",
                                                    "DescribeTasksOfThisCluster",
                                                    "Effect",
                                                    "Allow",
                                                    "Action",
                                                    "ecs:DescribeTasks",
                                                    "Resource",
                                                    Map.of(
                                                            "Fn::Join",
                                                            List.of(
                                                                    "",
                                                                    List.of(
                                                                            "arn:aws:ecs:eu-west-1:111111111111:task/",
                                                                            env.clusterNameRef(),
                                                                            "/*"))),
                                                    "Condition",
                                                    Map.of(
                                                            "ArnEquals",
                                                            Map.of(
                                                                    "ecs:cluster",
                                                                    env.stack.resolve(env.cluster.getClusterArn())))),
                                            Map.of(
                                                    "Sid",
                                                    "QuarantineInNetworkAclsOfThisVpc",
                                                    "Effect",
                                                    "Allow",
                                                    "Action",
                                                    "ec2:CreateNetworkAclEntry",
                                                    "Resource",
                                                    "arn:aws:ec2:eu-west-1:111111111111:network-acl/*",
                                                    "Condition",
                                                    Map.of("StringEquals", Map.of("ec2:Vpc", vpcArn))),
                                            Map.of(
                                                    "Sid",
                                                    "RecordIsolationOnInterfacesOfThisVpc",
                                                    "Effect",
                                                    "Allow",
                                                    "Action",
                                                    "ec2:CreateTags",
                                                    "Resource",
                                                    "arn:aws:ec2:eu-west-1:111111111111:network-interface/*",
                                                    "Condition",
                                                    Map.of(
                                                            "StringEquals",
                                                            Map.of("ec2:Vpc", vpcArn),
                                                            "ForAllValues:StringEquals",
                                                            Map.of(
                                                                    "aws:TagKeys",
                                                                    List.of(
                                                                            RuntimeMonitoring.ISOLATION_TAG,
                                                                            RuntimeMonitoring
                                                                                    .ISOLATION_RECORD_TAG)))))))));
        }

        @Test
        void isolationFunctionMayNotChangeSecurityGroupsOfAnyInterface() {
            assertThat(JSON.valueToTree(template.findResources("AWS::IAM::Policy"))
                            .toString())
                    .doesNotContain("ec2:ModifyNetworkInterfaceAttribute");
        }

        @Test
        void failedIsolationsLandInAnEncryptedDeadLetterQueueThatAlarms() {
            template.hasResourceProperties(
                    "AWS::Lambda::Function",
                    Map.of(
                            "ReservedConcurrentExecutions", 2,
                            "DeadLetterConfig", Map.of("TargetArn", Match.anyValue()),
                            "Environment",
                                    Map.of(
                                            "Variables",
                                            Map.of(
                                                    "CLUSTER_NAME", env.clusterNameRef(),
                                                    "CLUSTER_ARN", env.stack.resolve(env.cluster.getClusterArn()),
                                                    "VPC_ID", env.stack.resolve(env.vpc.getVpcId())))));
            template.hasResourceProperties("AWS::SQS::Queue", Map.of("KmsMasterKeyId", Match.anyValue()));
            template.hasResourceProperties(
                    "AWS::CloudWatch::Alarm",
                    Map.of(
                            "MetricName",
                            "ApproximateNumberOfMessagesVisible",
                            "Threshold",
                            1,
                            "AlarmActions",
                            List.of(env.stack.resolve(monitoring.getAlertTopic().getTopicArn()))));
        }

        @Test
        void userTargetReceivesTheFindingsToo() {
            template.hasResourceProperties(
                    "AWS::Events::Rule",
                    Map.of(
                            "EventPattern",
                                    Match.objectLike(Map.of(
                                            "detail",
                                            Match.objectLike(
                                                    Map.of("severity", List.of(Map.of("numeric", List.of(">=", 4))))))),
                            "Targets",
                                    Match.arrayWith(List.of(Match.objectLike(Map.of(
                                            "Arn",
                                            Map.of(
                                                    "Fn::GetAtt",
                                                    List.of(
                                                            env.stack.getLogicalId(
                                                                    (software.amazon.awscdk.CfnElement)
                                                                            env.stack
                                                                                    .getNode()
                                                                                    .findChild("Extra")
                                                                                    .getNode()
                                                                                    .getDefaultChild()),
                                                            "Arn"))))))));
        }
    }

    @Nested
    class AttackSequences {
        @Test
        void attackSequencesInvolvingThisClusterAreRoutedToTheTopicAndTheUserTarget() {
            Env env = new Env();
            Queue extra = new Queue(env.stack, "Extra");
            RuntimeMonitoring m = env.monitor(b -> b.minimumSeverity(7).findingTarget(new SqsQueue(extra)));
            Template t = env.template();
            t.hasResourceProperties(
                    "AWS::Events::Rule",
                    Map.of(
                            "EventPattern",
                            Match.objectEquals(Map.of(
                                    "source", List.of("aws.guardduty"),
                                    "detail-type", List.of("GuardDuty Finding"),
                                    "account", List.of(TestApps.ACCOUNT),
                                    "detail",
                                            Map.of(
                                                    "resource", Map.of("resourceType", List.of("AttackSequence")),
                                                    "service",
                                                            Map.of(
                                                                    "detection",
                                                                    Map.of(
                                                                            "sequence",
                                                                            Map.of(
                                                                                    "resources",
                                                                                    Map.of(
                                                                                            "resourceType",
                                                                                                    List.of(
                                                                                                            "ECS_CLUSTER"),
                                                                                            "$or",
                                                                                                    List.of(
                                                                                                            Map.of(
                                                                                                                    "name",
                                                                                                                    List
                                                                                                                            .of(
                                                                                                                                    env
                                                                                                                                            .clusterNameRef())),
                                                                                                            Map.of(
                                                                                                                    "uid",
                                                                                                                    List
                                                                                                                            .of(
                                                                                                                                    env
                                                                                                                                            .stack
                                                                                                                                            .resolve(
                                                                                                                                                    env
                                                                                                                                                            .cluster
                                                                                                                                                            .getClusterArn())))))))),
                                                    "severity", List.of(Map.of("numeric", List.of(">=", 7)))))),
                            "Targets",
                            Match.arrayWith(List.of(
                                    Match.objectLike(Map.of(
                                            "Arn",
                                            env.stack.resolve(m.getAlertTopic().getTopicArn()))),
                                    Match.objectLike(Map.of(
                                            "Arn",
                                            Map.of(
                                                    "Fn::GetAtt",
                                                    List.of(
                                                            env.stack.getLogicalId(
                                                                    (software.amazon.awscdk.CfnElement)
                                                                            extra.getNode()
                                                                                    .getDefaultChild()),
                                                            "Arn"))))))));
            assertThat(m.getAttackSequenceRule()).isNotNull();
        }

        @Test
        void isolationDoesNotActOnAttackSequences() {
            Env env = new Env();
            RuntimeMonitoring m = env.monitor(b -> b.isolateTasks(true));
            Object pattern = env.stack.resolve(((software.amazon.awscdk.services.events.CfnRule)
                            m.getIsolationRule().getNode().getDefaultChild())
                    .getEventPattern());
            assertThat(JSON.valueToTree(pattern).toString())
                    .contains("ECSCluster")
                    .doesNotContain("AttackSequence");
        }
    }

    @Nested
    class Conflicts {
        @Test
        void rejectsASecondPrivateDnsDataEndpointInTheSameVpc() {
            Env env = new Env();
            env.monitor(b -> b.detector(DetectorSetup.NONE));
            Cluster second =
                    Cluster.Builder.create(env.stack, "Second").vpc(env.vpc).build();
            RuntimeMonitoring.Builder.create(env.stack, "SecondMonitoring")
                    .cluster(second)
                    .detector(DetectorSetup.NONE)
                    .build();
            assertThatThrownBy(env::template)
                    .hasMessageContaining(
                            "TestStack/SecondMonitoring: dataEndpoint must be "
                                    + "false because TestStack/Monitoring already creates the private-DNS guardduty-data endpoint");
        }

        @Test
        void acceptsASecondMonitorInTheSameVpcThatUsesTheFirstOnesEndpoint() {
            Env env = new Env();
            env.monitor(b -> b.detector(DetectorSetup.NONE));
            Cluster second =
                    Cluster.Builder.create(env.stack, "Second").vpc(env.vpc).build();
            RuntimeMonitoring.Builder.create(env.stack, "SecondMonitoring")
                    .cluster(second)
                    .detector(DetectorSetup.NONE)
                    .dataEndpoint(false)
                    .cleanUpManagedEndpoint(false)
                    .build();
            env.template().resourceCountIs("AWS::EC2::VPCEndpoint", 1);
        }

        @Test
        void rejectsTwoDetectorCreationsInTheSameAccountAndRegion() {
            software.amazon.awscdk.App app = TestApps.app();
            for (String name : List.of("First", "Second")) {
                Stack stack = new Stack(
                        app,
                        name,
                        software.amazon.awscdk.StackProps.builder()
                                .env(software.amazon.awscdk.Environment.builder()
                                        .account(TestApps.ACCOUNT)
                                        .region(TestApps.REGION)
                                        .build())
                                .build());
                Vpc vpc = Vpc.Builder.create(stack, "Vpc")
                        .maxAzs(2)
                        .natGateways(1)
                        .build();
                RuntimeMonitoring.Builder.create(stack, "Monitoring")
                        .cluster(EncryptedCluster.Builder.create(stack, "Cluster")
                                .vpc(vpc)
                                .build())
                        .detector(DetectorSetup.CREATE)
                        .build();
            }
            assertThatThrownBy(() -> app.synth())
                    .hasMessageContaining("Second/Monitoring: detector must not be "
                            + "DetectorSetup.CREATE because First/Monitoring already creates the GuardDuty detector of "
                            + "account 111111111111, Region eu-west-1");
        }

        @Test
        void failsWhenTheMonitoredClusterIsExcludedThroughAReferenceByName() {
            Env env = new Env();
            var byName = Cluster.fromClusterAttributes(
                    env.stack,
                    "ByName",
                    software.amazon.awscdk.services.ecs.ClusterAttributes.builder()
                            .clusterName(env.cluster.getClusterName())
                            .vpc(env.vpc)
                            .build());
            assertThatThrownBy(() ->
                            env.monitor(b -> b.mode(MonitoringMode.ACCOUNT_WIDE).excludedClusters(List.of(byName))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("excludedClusters must not contain the monitored cluster, got "
                            + "TestStack/ByName (a reference to cluster " + env.cluster.getClusterName()
                            + " by name)");
        }
    }

    @Nested
    class Capacity {
        private software.amazon.awscdk.services.iam.Role executionRole(final Env env) {
            return software.amazon.awscdk.services.iam.Role.Builder.create(env.stack, "ExecutionRole")
                    .assumedBy(new software.amazon.awscdk.services.iam.ServicePrincipal("ecs-tasks.amazonaws.com"))
                    .build();
        }

        /** @return a monitored cluster with a Fargate service {@code id} on the capacity provider {@code provider} */
        private Env monitoredServiceOn(final String id, final String provider) {
            Env env = new Env();
            env.monitor(b -> b.detector(DetectorSetup.NONE));
            FargateTaskDefinition td = FargateTaskDefinition.Builder.create(env.stack, "Td")
                    .cpu(256)
                    .memoryLimitMiB(512)
                    .executionRole(executionRole(env))
                    .build();
            td.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx"))
                            .memoryLimitMiB(256)
                            .build());
            FargateService.Builder.create(env.stack, id)
                    .cluster(env.cluster.getCluster())
                    .taskDefinition(td)
                    .capacityProviderStrategies(
                            List.of(software.amazon.awscdk.services.ecs.CapacityProviderStrategy.builder()
                                    .capacityProvider(provider)
                                    .weight(1)
                                    .build()))
                    .build();
            return env;
        }

        @Test
        void warnsAboutServicesOfTheClusterOnCapacityTheAgentDoesNotCover() {
            Env env = monitoredServiceOn("OnManagedInstances", "managed-instances");
            Annotations.fromStack(env.stack)
                    .hasWarning(
                            "/TestStack/Monitoring",
                            Match.stringLikeRegexp(
                                    "Service TestStack/OnManagedInstances of the monitored cluster uses capacity provider "
                                            + "managed-instances, which is not FARGATE or FARGATE_SPOT: GuardDuty Runtime Monitoring "
                                            + "for ECS covers Fargate tasks only. It does not cover ECS Managed Instances.*"));
        }

        @Test
        void warnsAboutEc2ServicesOfTheCluster() {
            Env env = new Env();
            env.monitor(b -> b.detector(DetectorSetup.NONE));
            env.cluster
                    .getCluster()
                    .addCapacity(
                            "Instances",
                            software.amazon.awscdk.services.ecs.AddCapacityOptions.builder()
                                    .instanceType(new software.amazon.awscdk.services.ec2.InstanceType("t3.micro"))
                                    .build());
            var td = software.amazon.awscdk.services.ecs.Ec2TaskDefinition.Builder.create(env.stack, "Ec2Td")
                    .build();
            td.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx"))
                            .memoryLimitMiB(256)
                            .build());
            software.amazon.awscdk.services.ecs.Ec2Service.Builder.create(env.stack, "OnEc2")
                    .cluster(env.cluster.getCluster())
                    .taskDefinition(td)
                    .build();
            Annotations.fromStack(env.stack)
                    .hasWarning(
                            "/TestStack/Monitoring",
                            Match.stringLikeRegexp(
                                    "Service TestStack/OnEc2 of the monitored cluster is not a Fargate service.*"));
        }

        @Test
        void fargateSpotIsCovered() {
            Env env = monitoredServiceOn("Spot", "FARGATE_SPOT");
            Annotations.fromStack(env.stack)
                    .hasNoWarning("/TestStack/Monitoring", Match.stringLikeRegexp(".*uncovered.*|.*not FARGATE.*"));
        }
    }

    @Nested
    class Validation {
        @Test
        void failsWhenSeverityIsBelow1() {
            assertThatThrownBy(() -> new Env().monitor(b -> b.minimumSeverity(0.5)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/Monitoring: minimumSeverity must be between 1 and 10, got 0.5");
        }

        @Test
        void failsWhenSeverityIsAbove10() {
            assertThatThrownBy(() -> new Env().monitor(b -> b.isolateTasks(true).isolationMinimumSeverity(10.5)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("isolationMinimumSeverity must be between 1 and 10, got 10.5");
        }

        @Test
        void acceptsCriticalSeveritiesUpTo10() {
            Env env = new Env();
            env.monitor(b -> b.minimumSeverity(9).isolateTasks(true).isolationMinimumSeverity(10));
            env.template()
                    .hasResourceProperties(
                            "AWS::Events::Rule",
                            Map.of(
                                    "EventPattern",
                                    Match.objectLike(Map.of(
                                            "detail",
                                            Match.objectLike(Map.of(
                                                    "severity", List.of(Map.of("numeric", List.of(">=", 10)))))))));
        }

        @Test
        void skipsSeverityTokens() {
            Env env = new Env();
            env.monitor(b -> b.minimumSeverity(Token.asNumber(Map.of("Ref", "Severity"))));
            assertThat(env.template().findResources("AWS::Events::Rule")).isNotEmpty();
        }

        @Test
        void failsOnAddressesThatAreNotEmailAddresses() {
            assertThatThrownBy(() -> new Env().monitor(b -> b.alertEmails(List.of("security-at-example.com"))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("alertEmails must contain e-mail addresses")
                    .hasMessageContaining("security-at-example.com");
        }

        @Test
        void failsWhenIncludeModeIsCombinedWithExcludedClusters() {
            Env env = new Env();
            Cluster other =
                    Cluster.Builder.create(env.stack, "Other").vpc(env.vpc).build();
            assertThatThrownBy(() -> env.monitor(b -> b.excludedClusters(List.of(other))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("excludedClusters applies only with MonitoringMode.ACCOUNT_WIDE")
                    .hasMessageContaining("include and exclude mode cannot be combined");
        }

        @Test
        void failsWhenTheMonitoredClusterIsAlsoExcluded() {
            Env env = new Env();
            assertThatThrownBy(() -> env.monitor(b ->
                            b.mode(MonitoringMode.ACCOUNT_WIDE).excludedClusters(List.of(env.cluster.getCluster()))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("excludedClusters must not contain the monitored cluster");
        }

        @Test
        void failsWhenTheClusterIsAlreadyOptedOut() {
            Env env = new Env();
            RuntimeMonitoring.Builder.create(env.stack, "First")
                    .cluster(env.cluster.getCluster())
                    .mode(MonitoringMode.ACCOUNT_WIDE)
                    .detector(DetectorSetup.NONE)
                    .dataEndpoint(false)
                    .cleanUpManagedEndpoint(false)
                    .build();
            Cluster other =
                    Cluster.Builder.create(env.stack, "Other").vpc(env.vpc).build();
            assertThatThrownBy(() -> RuntimeMonitoring.Builder.create(env.stack, "Second")
                            .cluster(other)
                            .mode(MonitoringMode.ACCOUNT_WIDE)
                            .detector(DetectorSetup.NONE)
                            .dataEndpoint(false)
                            .cleanUpManagedEndpoint(false)
                            .excludedClusters(List.of(env.cluster.getCluster()))
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/Second: excludedClusters must not already be tagged "
                            + "GuardDutyManaged=true (TestStack/Cluster/EcsCluster), got a request to tag it false");
        }

        @Test
        void failsAtSynthWhenATagAspectContradictsTheMode() {
            Env env = new Env();
            env.monitor(b -> {});
            Tags.of(env.cluster).add("GuardDutyManaged", "false");
            assertThatThrownBy(env::template)
                    .hasMessageContaining("tag GuardDutyManaged must be true")
                    .hasMessageContaining("got false");
        }

        @Test
        void failsWhenManagedElsewhereIsAskedToChangeTheDetector() {
            assertThatThrownBy(() -> new Env().monitor(b -> b.mode(MonitoringMode.MANAGED_ELSEWHERE)
                            .detector(DetectorSetup.UPDATE_EXISTING)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("detector must be VERIFY or NONE with MonitoringMode.MANAGED_ELSEWHERE")
                    .hasMessageContaining("got UPDATE_EXISTING");
        }

        @Test
        void failsWhenAlertEmailsAreCombinedWithAlertTopic() {
            Env env = new Env();
            assertThatThrownBy(() ->
                            env.monitor(b -> b.alertTopic(new software.amazon.awscdk.services.sns.Topic(env.stack, "T"))
                                    .alertEmails(List.of("a@example.com"))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("alertEmails cannot be combined with alertTopic");
        }

        @Test
        void failsWhenIsolationSeverityIsSetWithoutIsolation() {
            assertThatThrownBy(() -> new Env().monitor(b -> b.isolationMinimumSeverity(8)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("isolationMinimumSeverity applies only with isolateTasks(true)");
        }
    }

    @Nested
    class Prerequisites {
        /** Asserts the agent's image-pull policy, attached to the role whose logical id starts with {@code role}. */
        private void assertAgentPullPolicyOn(final Template t, final String role) {
            t.hasResourceProperties(
                    IamPolicies.TYPE,
                    IamPolicies.withStatements(
                            Match.arrayWith(List.of(Match.objectLike(Map.of("Sid", "GuardDutyAgentImagePull")))),
                            List.of(Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("^" + role))))));
        }

        /** A task definition of this size with one container, {@code app}, running nginx. */
        private FargateTaskDefinition nginxTask(final Env env, final int cpu, final int memory) {
            FargateTaskDefinition td = td(env, cpu, memory);
            td.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .image(ContainerImage.fromRegistry("nginx"))
                            .build());
            return td;
        }

        private FargateTaskDefinition td(final Env env, final int cpu, final int memory) {
            return FargateTaskDefinition.Builder.create(env.stack, "Td")
                    .cpu(cpu)
                    .memoryLimitMiB(memory)
                    .build();
        }

        @Test
        void rejectsWindowsTasksInTheMonitoredCluster() {
            Env env = new Env();
            env.monitor(b -> {});
            FargateTaskDefinition td = FargateTaskDefinition.Builder.create(env.stack, "Td")
                    .cpu(1024)
                    .memoryLimitMiB(2048)
                    .runtimePlatform(RuntimePlatform.builder()
                            .operatingSystemFamily(OperatingSystemFamily.WINDOWS_SERVER_2022_CORE)
                            .cpuArchitecture(CpuArchitecture.X86_64)
                            .build())
                    .build();
            td.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .image(ContainerImage.fromRegistry("mcr.microsoft.com/windows/servercore"))
                            .build());
            td.obtainExecutionRole();
            env.plainService(td, FargatePlatformVersion.LATEST);
            assertThatThrownBy(env::template)
                    .hasMessageContaining(
                            "TestStack/Td: runtimePlatform.operatingSystemFamily must be LINUX for "
                                    + "GuardDuty Runtime Monitoring (no agent for Windows tasks), got WINDOWS_SERVER_2022_CORE");
        }

        @Test
        void rejectsPlatformVersionsBefore140() {
            Env env = new Env();
            env.monitor(b -> {});
            FargateTaskDefinition td = nginxTask(env, 256, 512);
            td.obtainExecutionRole();
            env.plainService(td, FargatePlatformVersion.VERSION1_3);
            assertThatThrownBy(env::template)
                    .hasMessageContaining("TestStack/Plain: platformVersion must be LATEST or 1.4.0 or later for "
                            + "GuardDuty Runtime Monitoring, got 1.3.0");
        }

        @Test
        void rejectsTaskDefinitionsWithoutExecutionRole() {
            Env env = new Env();
            env.monitor(b -> {});
            FargateTaskDefinition td = nginxTask(env, 256, 512);
            env.plainService(td, FargatePlatformVersion.LATEST);
            assertThatThrownBy(env::template)
                    .hasMessageContaining("TestStack/Td: executionRole must be set for GuardDuty Runtime Monitoring");
        }

        /**
         * A container that logs through FireLens gets a log router from aws-cdk-lib when the containers are rendered,
         * and the router obtains the execution role: the task has one, and the agent may pull with it.
         */
        @Test
        void acceptsTheExecutionRoleThatAwsCdkLibCreatesForAFireLensRouter() {
            Env env = new Env();
            env.monitor(b -> {});
            FargateTaskDefinition td = td(env, 512, 1024);
            td.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .image(ContainerImage.fromRegistry("nginx"))
                            .logging(software.amazon.awscdk.services.ecs.LogDrivers.firelens(
                                    software.amazon.awscdk.services.ecs.FireLensLogDriverProps.builder()
                                            .options(Map.of("Name", "cloudwatch", "region", "eu-west-1"))
                                            .build()))
                            .build());
            assertThat(td.getExecutionRole()).as("no role before rendering").isNull();
            env.plainService(td, FargatePlatformVersion.LATEST);

            Template t = env.template();

            assertThat(td.getExecutionRole()).isNotNull();
            assertAgentPullPolicyOn(t, "TdExecutionRole");
        }

        @Test
        void rejectsTasksThatLeaveTooLittleMemoryForTheAgentWithTheNumbers() {
            Env env = new Env();
            env.monitor(b -> {});
            FargateTaskDefinition td = td(env, 512, 1024);
            td.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .image(ContainerImage.fromRegistry("nginx"))
                            .memoryLimitMiB(960)
                            .build());
            td.obtainExecutionRole();
            env.plainService(td, FargatePlatformVersion.LATEST);
            assertThatThrownBy(env::template)
                    .hasMessageContaining("TestStack/Td: memoryLimitMiB must leave 128 MiB for the GuardDuty agent "
                            + "(task with 512 CPU units) after the containers' 960 MiB, got 1024 MiB (64 MiB free); "
                            + "raise memoryLimitMiB to at least 1088");
        }

        @Test
        void acceptsTasksWhoseContainersLeaveRoomForTheAgent() {
            Env env = new Env();
            env.monitor(b -> {});
            FargateTaskDefinition td = td(env, 512, 1024);
            td.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .image(ContainerImage.fromRegistry("nginx"))
                            .memoryReservationMiB(896)
                            .build());
            td.obtainExecutionRole();
            env.plainService(td, FargatePlatformVersion.VERSION1_4);
            env.template().resourceCountIs("AWS::ECS::Service", 1);
        }

        @Test
        void agentMemoryFollowsTheTaskSize() {
            assertThat(RuntimeMonitoring.agentMemoryMiB(4096, 30720)).isEqualTo(128);
            assertThat(RuntimeMonitoring.agentMemoryMiB(8192, 28672)).isEqualTo(256);
            assertThat(RuntimeMonitoring.agentMemoryMiB(8192, 32768)).isEqualTo(512);
            assertThat(RuntimeMonitoring.agentMemoryMiB(16384, 32768)).isEqualTo(1024);
        }

        @Test
        void rejectsAVpcWithoutDnsHostnames() {
            software.amazon.awscdk.Stack stack = TestApps.stack();
            Vpc vpc = Vpc.Builder.create(stack, "Vpc")
                    .maxAzs(2)
                    .natGateways(1)
                    .enableDnsHostnames(false)
                    .build();
            EncryptedCluster cluster =
                    EncryptedCluster.Builder.create(stack, "Cluster").vpc(vpc).build();
            RuntimeMonitoring.Builder.create(stack, "Monitoring")
                    .cluster(cluster)
                    .build();
            assertThatThrownBy(() -> Template.fromStack(stack))
                    .hasMessageContaining(
                            "TestStack/Vpc: enableDnsHostnames must be true for GuardDuty Runtime " + "Monitoring");
        }

        @Test
        void ignoresServicesOfOtherClustersAndWarnsWhenEgressHas_No443() {
            Env env = new Env();
            Cluster other =
                    Cluster.Builder.create(env.stack, "Other").vpc(env.vpc).build();
            RuntimeMonitoring m = env.monitor(b -> {});
            FargateTaskDefinition bad = nginxTask(env, 256, 512);
            FargateService.Builder.create(env.stack, "Elsewhere")
                    .cluster(other)
                    .taskDefinition(bad)
                    .build();
            FargateTaskDefinition ok =
                    FargateTaskDefinition.Builder.create(env.stack, "Ok").build();
            ok.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .image(ContainerImage.fromRegistry("nginx"))
                            .build());
            ok.obtainExecutionRole();
            software.amazon.awscdk.services.ec2.SecurityGroup closed =
                    software.amazon.awscdk.services.ec2.SecurityGroup.Builder.create(env.stack, "Closed")
                            .vpc(env.vpc)
                            .allowAllOutbound(false)
                            .build();
            FargateService svc = FargateService.Builder.create(env.stack, "Monitored")
                    .cluster(env.cluster.getCluster())
                    .taskDefinition(ok)
                    .securityGroups(List.of(closed))
                    .build();
            env.template();
            assertThat(m.getMonitoredServices()).containsExactly(svc);
            Annotations.fromStack(env.stack)
                    .hasWarning(
                            "/TestStack/Monitoring",
                            Match.stringLikeRegexp(
                                    ".*Service TestStack/Monitored has no security-group egress rule for "
                                            + "TCP 443.*"));
        }

        /**
         * The services and egress rules that aws-cdk-lib creates in JavaScript (here an ecs-patterns service and the
         * egress rule of {@code connections.allowTo}) are found like those created in Java: the walk that lists them
         * skips other constructs by their JavaScript class, without a Java object for each.
         */
        @Test
        void findsTheServicesAndEgressRulesThatAwsCdkLibCreates() {
            Env env = new Env();
            RuntimeMonitoring m = env.monitor(b -> {});
            software.amazon.awscdk.services.ec2.SecurityGroup closed =
                    software.amazon.awscdk.services.ec2.SecurityGroup.Builder.create(env.stack, "Closed")
                            .vpc(env.vpc)
                            .allowAllOutbound(false)
                            .build();
            software.amazon.awscdk.services.ec2.SecurityGroup endpoints =
                    software.amazon.awscdk.services.ec2.SecurityGroup.Builder.create(env.stack, "Endpoints")
                            .vpc(env.vpc)
                            .build();
            closed.getConnections()
                    .allowTo(endpoints, software.amazon.awscdk.services.ec2.Port.tcp(443), "agent to the endpoints");
            var pattern =
                    software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService.Builder.create(
                                    env.stack, "Pattern")
                            .cluster(env.cluster.getCluster())
                            .securityGroups(List.of(closed))
                            .taskImageOptions(
                                    software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions
                                            .builder()
                                            .image(ContainerImage.fromRegistry("nginx"))
                                            .build())
                            .build();

            Template t = env.template();

            assertThat(m.getMonitoredServices()).containsExactly(pattern.getService());
            t.hasResourceProperties(
                    "AWS::EC2::SecurityGroupEgress",
                    Map.of("Description", "agent to the endpoints", "FromPort", 443, "ToPort", 443));
            Annotations.fromStack(env.stack)
                    .hasNoWarning("/TestStack/Monitoring", Match.stringLikeRegexp(".*no security-group egress rule.*"));
            assertAgentPullPolicyOn(t, "PatternTaskDefExecutionRole");
        }

        @Test
        void eachMonitorOfAManyStackAppFindsExactlyItsClustersServicesIncludingThoseOnAnImportedReference() {
            software.amazon.awscdk.App app = TestApps.app();
            List<RuntimeMonitoring> monitors = new ArrayList<>();
            List<FargateService> services = new ArrayList<>();
            List<EncryptedCluster> clusters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Stack stack = new Stack(
                        app,
                        "Team" + i,
                        software.amazon.awscdk.StackProps.builder()
                                .env(TestApps.env())
                                .build());
                Vpc vpc = Vpc.Builder.create(stack, "Vpc")
                        .maxAzs(2)
                        .natGateways(1)
                        .build();
                EncryptedCluster cluster = EncryptedCluster.Builder.create(stack, "Cluster")
                        .vpc(vpc)
                        .build();
                clusters.add(cluster);
                monitors.add(RuntimeMonitoring.Builder.create(stack, "Monitoring")
                        .cluster(cluster)
                        .build());
                services.add(SecureFargateService.Builder.create(stack, "Service")
                        .cluster(cluster.getCluster())
                        .image(ContainerImage.fromRegistry("nginx"))
                        .build()
                        .getService());
            }
            // Another stack runs a service in team 1's cluster, referenced by name.
            Stack consumer = new Stack(
                    app,
                    "Consumer",
                    software.amazon.awscdk.StackProps.builder()
                            .env(TestApps.env())
                            .build());
            Vpc consumerVpc =
                    Vpc.Builder.create(consumer, "Vpc").maxAzs(2).natGateways(1).build();
            software.amazon.awscdk.services.ecs.ICluster imported = Cluster.fromClusterAttributes(
                    consumer,
                    "Team1",
                    software.amazon.awscdk.services.ecs.ClusterAttributes.builder()
                            .clusterName(clusters.get(1).getClusterName())
                            .vpc(consumerVpc)
                            .build());
            FargateTaskDefinition td =
                    FargateTaskDefinition.Builder.create(consumer, "Td").build();
            td.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .image(ContainerImage.fromRegistry("nginx"))
                            .build());
            td.obtainExecutionRole();
            FargateService guest = FargateService.Builder.create(consumer, "Guest")
                    .cluster(imported)
                    .taskDefinition(td)
                    .build();

            app.synth();

            assertThat(monitors.get(0).getMonitoredServices()).containsExactly(services.get(0));
            assertThat(monitors.get(1).getMonitoredServices()).containsExactlyInAnyOrder(services.get(1), guest);
            assertThat(monitors.get(2).getMonitoredServices()).containsExactly(services.get(2));
            assertAgentPullPolicyOn(Template.fromStack(consumer), "TdExecutionRole");
        }

        @Test
        void doesNotForceDeploymentsOfCodeDeployServicesButSaysSo() {
            Env env = new Env();
            env.monitor(b -> {});
            FargateTaskDefinition td =
                    FargateTaskDefinition.Builder.create(env.stack, "Td").build();
            td.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .image(ContainerImage.fromRegistry("nginx"))
                            .build());
            td.obtainExecutionRole();
            FargateService.Builder.create(env.stack, "BlueGreen")
                    .cluster(env.cluster.getCluster())
                    .taskDefinition(td)
                    .deploymentController(DeploymentController.builder()
                            .type(DeploymentControllerType.CODE_DEPLOY)
                            .build())
                    .build();
            env.template().hasResourceProperties("AWS::ECS::Service", Map.of("ForceNewDeployment", Match.absent()));
            Annotations.fromStack(env.stack)
                    .hasWarning(
                            "/TestStack/Monitoring",
                            Match.stringLikeRegexp(".*CODE_DEPLOY deployment controller.*next deployment.*"));
        }

        @Test
        void forceNewDeploymentCanBeTurnedOff() {
            Env env = new Env();
            env.monitor(b -> b.forceNewDeployment(false));
            env.secureService();
            env.template().hasResourceProperties("AWS::ECS::Service", Map.of("ForceNewDeployment", Match.absent()));
        }
    }
}
