package io.github.securefargate.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.service.SecureFargateService;
import io.github.securefargate.testing.TestApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.TimeBasedLinearTrafficRoutingProps;
import software.amazon.awscdk.services.codedeploy.TrafficRouting;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

class BlueGreenServiceTest {

    /** A stack with a CODE_DEPLOY service and a BlueGreenService configured by {@code configure}. */
    static BlueGreenService build(
            final Stack stack,
            final DeploymentControllerType controller,
            final Consumer<SecureFargateService.Builder> service,
            final Consumer<BlueGreenService.Builder> blueGreen) {
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        EncryptedCluster cluster =
                EncryptedCluster.Builder.create(stack, "Cluster").vpc(vpc).build();
        SecureFargateService.Builder s = SecureFargateService.Builder.create(stack, "Service")
                .cluster(cluster.getCluster())
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"))
                .certificate(Certificate.fromCertificateArn(stack, "Certificate", TestApps.CERTIFICATE_ARN))
                .deploymentController(controller);
        service.accept(s);
        BlueGreenService.Builder b = BlueGreenService.Builder.create(stack, "BlueGreen")
                .service(s.build())
                .serviceName("orders");
        blueGreen.accept(b);
        return b.build();
    }

    static BlueGreenService build(final Consumer<BlueGreenService.Builder> blueGreen) {
        return build(TestApps.stack(), DeploymentControllerType.CODE_DEPLOY, s -> {}, blueGreen);
    }

    private static Stack stack;
    private static BlueGreenService blueGreen;
    private static Template template;

    @BeforeAll
    static void synthesizeDefaults() {
        stack = TestApps.stack();
        blueGreen = build(stack, DeploymentControllerType.CODE_DEPLOY, s -> {}, b -> {});
        template = Template.fromStack(stack);
    }

    private static Map<String, Object> ref(final IAlarm alarm) {
        return Map.of("Ref", stack.getLogicalId((software.amazon.awscdk.CfnElement)
                alarm.getNode().getDefaultChild()));
    }

    private static String logicalId(final software.constructs.IConstruct c) {
        return stack.getLogicalId(
                (software.amazon.awscdk.CfnElement) c.getNode().getDefaultChild());
    }

    @Nested
    class Defaults {
        @Test
        void createsApplicationAndDeploymentGroupNamedAfterTheService() {
            template.hasResourceProperties(
                    "AWS::CodeDeploy::Application", Map.of("ApplicationName", "orders", "ComputePlatform", "ECS"));
            template.hasResourceProperties(
                    "AWS::CodeDeploy::DeploymentGroup",
                    Match.objectLike(Map.of(
                            "DeploymentGroupName",
                            "orders",
                            "DeploymentConfigName",
                            BlueGreenService.DEFAULT_DEPLOYMENT_CONFIG_NAME,
                            "DeploymentStyle",
                            Map.of("DeploymentOption", "WITH_TRAFFIC_CONTROL", "DeploymentType", "BLUE_GREEN"))));
        }

        @Test
        void wiresBothTargetGroupsAndBothListeners() {
            template.hasResourceProperties(
                    "AWS::CodeDeploy::DeploymentGroup",
                    Match.objectLike(
                            Map.of(
                                    "LoadBalancerInfo",
                                    Map.of(
                                            "TargetGroupPairInfoList",
                                            List.of(
                                                    Map.of(
                                                            "TargetGroups",
                                                                    List.of(
                                                                            Map.of(
                                                                                    "Name",
                                                                                    Map.of(
                                                                                            "Fn::GetAtt",
                                                                                            List.of(
                                                                                                    logicalId(
                                                                                                            blueGreen
                                                                                                                    .getBlueTargetGroup()),
                                                                                                    "TargetGroupName"))),
                                                                            Map.of(
                                                                                    "Name",
                                                                                    Map.of(
                                                                                            "Fn::GetAtt",
                                                                                            List.of(
                                                                                                    logicalId(
                                                                                                            blueGreen
                                                                                                                    .getGreenTargetGroup()),
                                                                                                    "TargetGroupName")))),
                                                            "ProdTrafficRoute",
                                                                    Map.of(
                                                                            "ListenerArns",
                                                                            List.of(
                                                                                    Map.of(
                                                                                            "Ref",
                                                                                            logicalId(
                                                                                                    blueGreen
                                                                                                            .getProductionListener())))),
                                                            "TestTrafficRoute",
                                                                    Map.of(
                                                                            "ListenerArns",
                                                                            List.of(
                                                                                    Map.of(
                                                                                            "Ref",
                                                                                            logicalId(
                                                                                                    blueGreen
                                                                                                            .getTestListener()))))))))));
        }

        @Test
        void rollsBackOnFailureStopAndAlarmAndKeepsBlueFiveMinutes() {
            template.hasResourceProperties(
                    "AWS::CodeDeploy::DeploymentGroup",
                    Match.objectLike(Map.of(
                            "AutoRollbackConfiguration",
                                    Map.of(
                                            "Enabled",
                                            true,
                                            "Events",
                                            List.of(
                                                    "DEPLOYMENT_FAILURE",
                                                    "DEPLOYMENT_STOP_ON_REQUEST",
                                                    "DEPLOYMENT_STOP_ON_ALARM")),
                            "BlueGreenDeploymentConfiguration",
                                    Match.objectLike(Map.of(
                                            "TerminateBlueInstancesOnDeploymentSuccess",
                                            Map.of("Action", "TERMINATE", "TerminationWaitTimeInMinutes", 5))))));
        }

        @Test
        void stopsDeploymentsOnFiveDefaultAlarms() {
            List<Object> refs = new ArrayList<>();
            blueGreen.getAlarms().forEach(a -> refs.add(Map.of("Name", ref(a))));
            assertThat(refs).hasSize(BlueGreenService.DEFAULT_ALARM_COUNT);
            template.hasResourceProperties(
                    "AWS::CodeDeploy::DeploymentGroup",
                    Match.objectLike(Map.of("AlarmConfiguration", Map.of("Enabled", true, "Alarms", refs))));
        }

        @Test
        void alarmsUseOneMinutePeriodsSoRollbackStartsWithinThreeMinutes() {
            Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm");
            assertThat(alarms).hasSize(5);
            for (Map<String, Object> alarm : alarms.values()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> p = (Map<String, Object>) alarm.get("Properties");
                assertThat(((Number) p.get("Period")).intValue()).isEqualTo(60);
                assertThat(((Number) p.get("EvaluationPeriods")).intValue()).isEqualTo(3);
                assertThat(((Number) p.get("DatapointsToAlarm")).intValue()).isEqualTo(2);
                assertThat(p.get("TreatMissingData")).isEqualTo("notBreaching");
            }
            assertThat(BlueGreenService.ALARM_DATAPOINTS * BlueGreenService.ALARM_PERIOD_SECONDS)
                    .isLessThanOrEqualTo(180);
        }

        @Test
        void alarmsCoverBothTargetGroupsAndLatency() {
            for (String tg :
                    List.of(logicalId(blueGreen.getBlueTargetGroup()), logicalId(blueGreen.getGreenTargetGroup()))) {
                for (String metric : List.of("HTTPCode_Target_5XX_Count", "UnHealthyHostCount")) {
                    template.hasResourceProperties(
                            "AWS::CloudWatch::Alarm",
                            Match.objectLike(Map.of(
                                    "MetricName",
                                    metric,
                                    "Dimensions",
                                    Match.arrayWith(List.of(Map.of(
                                            "Name",
                                            "TargetGroup",
                                            "Value",
                                            Map.of("Fn::GetAtt", List.of(tg, "TargetGroupFullName"))))))));
                }
            }
            template.hasResourceProperties(
                    "AWS::CloudWatch::Alarm",
                    Match.objectLike(
                            Map.of("MetricName", "TargetResponseTime", "ExtendedStatistic", "p95", "Threshold", 1)));
        }

        @Test
        void greenTargetGroupChecksHealthLikeBlue() {
            Map<String, Map<String, Object>> groups =
                    template.findResources("AWS::ElasticLoadBalancingV2::TargetGroup");
            assertThat(groups).hasSize(2);
            List<Map<String, Object>> checks = new ArrayList<>();
            for (Map<String, Object> g : groups.values()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> p = new java.util.TreeMap<>((Map<String, Object>) g.get("Properties"));
                p.keySet()
                        .removeIf(k -> !k.startsWith("HealthCheck")
                                && !k.endsWith("ThresholdCount")
                                && !k.equals("Matcher")
                                && !k.equals("Port")
                                && !k.equals("TargetType")
                                && !k.equals("TargetGroupAttributes"));
                if (p.get("TargetGroupAttributes") instanceof List) {
                    p.put("TargetGroupAttributes", new java.util.HashSet<>((List<?>) p.get("TargetGroupAttributes")));
                }
                checks.add(p);
            }
            assertThat(checks.get(0))
                    .containsKeys(
                            "HealthCheckPath",
                            "HealthCheckIntervalSeconds",
                            "HealthyThresholdCount",
                            "TargetGroupAttributes")
                    .isEqualTo(checks.get(1));
        }

        @Test
        void testListenerServesHttpsOnItsOwnPortToTheVpcOnly() {
            template.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::Listener",
                    Match.objectLike(Map.of(
                            "Port",
                            8443,
                            "Protocol",
                            "HTTPS",
                            "Certificates",
                            List.of(Map.of("CertificateArn", TestApps.CERTIFICATE_ARN)),
                            "SslPolicy",
                            "ELBSecurityPolicy-TLS13-1-2-2021-06")));
            Capture ingress = new Capture();
            template.hasResourceProperties(
                    "AWS::EC2::SecurityGroup", Match.objectLike(Map.of("SecurityGroupIngress", ingress)));
            List<Object> rules = new ArrayList<>();
            template.findResources("AWS::EC2::SecurityGroup").values().forEach(sg -> {
                @SuppressWarnings("unchecked")
                Object r = ((Map<String, Object>) sg.get("Properties")).get("SecurityGroupIngress");
                if (r instanceof List) {
                    rules.addAll((List<?>) r);
                }
            });
            List<Object> test = rules.stream()
                    .filter(r -> Integer.valueOf(8443).equals(((Map<?, ?>) r).get("FromPort")))
                    .collect(java.util.stream.Collectors.toList());
            assertThat(test).hasSize(1);
            assertThat(((Map<?, ?>) test.get(0)).get("CidrIp"))
                    .isEqualTo(Map.of(
                            "Fn::GetAtt",
                            List.of(
                                    logicalId(
                                            blueGreen.getService().getCluster().getVpc()),
                                    "CidrBlock")));
        }

        @Test
        void givesThePipelineTwoNamedRolesTrustingItsAccount() {
            Capture trust = new Capture();
            template.hasResourceProperties(
                    "AWS::IAM::Role",
                    Match.objectLike(Map.of(
                            "RoleName",
                            "orders-taskdef-eu-west-1",
                            "AssumeRolePolicyDocument",
                            Match.objectLike(Map.of("Statement", trust)))));
            assertThat(trust.asArray().toString()).contains("sts:AssumeRole", ":iam::111111111111:root");
            template.hasResourceProperties(
                    "AWS::IAM::Role", Match.objectLike(Map.of("RoleName", "orders-deploy-eu-west-1")));
            template.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Match.objectLike(Map.of(
                            "Roles", List.of(Map.of("Ref", logicalId(blueGreen.getTaskDefinitionReaderRole()))),
                            "PolicyDocument",
                                    Map.of(
                                            "Version",
                                            "2012-10-17",
                                            "Statement",
                                            List.of(
                                                    Map.of(
                                                            "Action",
                                                            List.of(
                                                                    "ecs:DescribeTaskDefinition",
                                                                    "elasticloadbalancing:DescribeListeners"),
                                                            "Effect",
                                                            "Allow",
                                                            "Resource",
                                                            "*"),
                                                    Map.of(
                                                            "Action",
                                                            List.of(
                                                                    "cloudformation:DescribeChangeSet",
                                                                    "cloudformation:DescribeStackResource"),
                                                            "Effect",
                                                            "Allow",
                                                            "Resource",
                                                            "arn:aws:cloudformation:eu-west-1:111111111111:stack/"
                                                                    + Stack.of(blueGreen)
                                                                            .getStackName() + "/*"))))));
        }

        @SuppressWarnings("unchecked")
        @Test
        void deployActionRoleMayDeployThisServiceAndPassOnlyItsRoles() {
            Capture statements = new Capture();
            template.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Match.objectLike(Map.of(
                            "Roles", List.of(Map.of("Ref", logicalId(blueGreen.getDeployActionRole()))),
                            "PolicyDocument", Match.objectLike(Map.of("Statement", statements)))));
            String json = statements.asArray().toString();
            assertThat(json)
                    .contains(
                            "codedeploy:CreateDeployment",
                            "codedeploy:RegisterApplicationRevision",
                            "ecs:RegisterTaskDefinition",
                            "iam:PassedToService=ecs-tasks.amazonaws.com",
                            "s3:ResourceAccount=111111111111",
                            ":kms:*:111111111111:key/*");
            assertThat(json).doesNotContain("AdministratorAccess", "arn:aws:s3:::*\"");
            Map<String, Object> passRole = statements.asArray().stream()
                    .map(s -> (Map<String, Object>) s)
                    .filter(s -> "iam:PassRole".equals(s.get("Action")))
                    .findFirst()
                    .orElseThrow();
            assertThat((List<?>) passRole.get("Resource")).hasSize(2);
        }

        @Test
        void exposesWhatThePipelineNeeds() {
            assertThat(blueGreen.getApplicationName()).isEqualTo("orders");
            assertThat(blueGreen.getDeploymentGroupName()).isEqualTo("orders");
            assertThat(blueGreen.getContainerName()).isEqualTo("app");
            assertThat(blueGreen.getContainerPort()).isEqualTo(8080);
            assertThat(blueGreen.getPlatformVersion()).isEqualTo("LATEST");
            assertThat(blueGreen.getTaskDefinitionFamily()).doesNotContain("${Token");
            assertThat(BlueGreenService.deployActionRoleName("orders", "eu-west-1"))
                    .isEqualTo("orders-deploy-eu-west-1");
        }

        @Test
        void theServiceReferencesItsTaskDefinitionByFamilySoCloudFormationNeverUpdatesIt() {
            template.hasResourceProperties(
                    "AWS::ECS::Service",
                    Match.objectLike(Map.of(
                            "DeploymentController", Map.of("Type", "CODE_DEPLOY"),
                            "TaskDefinition", blueGreen.getTaskDefinitionFamily())));
        }
    }

    @Nested
    class Ids {
        @Test
        void pinsTheLogicalIdsOfNamedResources() {
            assertThat(template.findResources("AWS::CodeDeploy::Application"))
                    .containsOnlyKeys("BlueGreenApplicationD40179E5");
            assertThat(template.findResources("AWS::CodeDeploy::DeploymentGroup"))
                    .containsOnlyKeys("BlueGreenDeploymentGroup3AB5C79E");
            assertThat(logicalId(blueGreen.getDeployActionRole())).isEqualTo("BlueGreenDeployActionRoleFE9BD060");
            assertThat(logicalId(blueGreen.getTaskDefinitionReaderRole()))
                    .isEqualTo("BlueGreenTaskDefinitionReaderRole8BA87D58");
        }
    }

    @Nested
    class ServiceSettings {
        @Test
        void buildsTheTestListenerAndGreenTargetGroupFromTheServicesSettings() {
            Stack stack = TestApps.stack();
            BlueGreenService bg = build(
                    stack,
                    DeploymentControllerType.CODE_DEPLOY,
                    s -> s.sslPolicy(software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy.TLS13_13)
                            .deregistrationDelay(Duration.seconds(7))
                            .platformVersion(software.amazon.awscdk.services.ecs.FargatePlatformVersion.VERSION1_4),
                    b -> {});
            Template t = Template.fromStack(stack);
            t.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::Listener",
                    Match.objectLike(Map.of(
                            "Port",
                            BlueGreenService.DEFAULT_TEST_LISTENER_PORT,
                            "SslPolicy",
                            "ELBSecurityPolicy-TLS13-1-3-2021-06")));
            t.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::TargetGroup",
                    Match.objectLike(Map.of(
                            "TargetGroupAttributes",
                            Match.arrayWith(
                                    List.of(Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "7"))))));
            assertThat(t.findResources("AWS::ElasticLoadBalancingV2::TargetGroup").values().stream()
                            .filter(g -> g.toString().contains("deregistration_delay.timeout_seconds, Value=7")))
                    .hasSize(2);
            assertThat(bg.getPlatformVersion()).isEqualTo("1.4.0");
        }
    }

    @Nested
    class Options {
        @Test
        void acceptsACustomTrafficShift() {
            BlueGreenService bg = build(
                    b -> b.trafficRouting(TrafficRouting.timeBasedLinear(TimeBasedLinearTrafficRoutingProps.builder()
                            .interval(Duration.minutes(2))
                            .percentage(20)
                            .build())));
            Template t = Template.fromStack(Stack.of(bg));
            t.hasResourceProperties(
                    "AWS::CodeDeploy::DeploymentConfig",
                    Match.objectLike(Map.of(
                            "ComputePlatform",
                            "ECS",
                            "TrafficRoutingConfig",
                            Map.of(
                                    "Type",
                                    "TimeBasedLinear",
                                    "TimeBasedLinear",
                                    Map.of("LinearInterval", 2, "LinearPercentage", 20)))));
        }

        @Test
        void rendersLifecycleHooksAndLetsTheDeploymentGroupInvokeThem() {
            Stack s = TestApps.stack();
            Function hook = Function.Builder.create(s, "Hook")
                    .functionName("orders-after-test-traffic")
                    .runtime(Runtime.NODEJS_22_X)
                    .handler("index.handler")
                    .code(Code.fromInline("exports.handler=1"))
                    .build();
            BlueGreenService bg = build(
                    s,
                    DeploymentControllerType.CODE_DEPLOY,
                    x -> {},
                    b -> b.lifecycleHooks(Map.of(LifecycleEvent.AFTER_ALLOW_TEST_TRAFFIC, hook)));
            assertThat(bg.getLifecycleHookFunctionNames())
                    .containsExactly(Map.entry("AfterAllowTestTraffic", "orders-after-test-traffic"));
            Template t = Template.fromStack(s);
            t.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Match.objectLike(Map.of(
                            "PolicyDocument",
                            Match.objectLike(Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(Match.objectLike(
                                            Map.of("Action", "codedeploy:PutLifecycleEventHookExecutionStatus")))))))));
            t.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Match.objectLike(Map.of(
                            "PolicyDocument",
                            Match.objectLike(Map.of(
                                    "Statement",
                                    Match.arrayWith(
                                            List.of(Match.objectLike(Map.of("Action", "lambda:InvokeFunction")))))))));
        }

        @Test
        void addsUserAlarmsToTheDefaults() {
            Stack s = TestApps.stack();
            Alarm mine = Alarm.Builder.create(s, "Mine")
                    .metric(Metric.Builder.create()
                            .namespace("App")
                            .metricName("Errors")
                            .build())
                    .threshold(1)
                    .evaluationPeriods(1)
                    .build();
            BlueGreenService bg = build(s, DeploymentControllerType.CODE_DEPLOY, x -> {}, b -> b.alarms(List.of(mine)));
            assertThat(bg.getAlarms()).hasSize(6).last().isSameAs(mine);
        }

        @Test
        void warnsWhenTheTestListenerIsOpenToTheInternet() {
            BlueGreenService bg = build(b -> b.testTrafficSource(Peer.anyIpv4()));
            Annotations.fromStack(Stack.of(bg))
                    .hasWarning("*", Match.stringLikeRegexp(".*test listener on port 8443 is open to the internet.*"));
        }
    }

    @Nested
    class Validation {
        @Test
        void failsWhenTheServiceUsesTheEcsController() {
            assertThatThrownBy(() -> build(TestApps.stack(), DeploymentControllerType.ECS, s -> {}, b -> {}))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("BlueGreen: service must use the CODE_DEPLOY deployment controller, got ECS");
        }

        @Test
        void failsOnACircuitBreakerWithCodeDeploy() {
            assertThatThrownBy(() -> build(
                            TestApps.stack(),
                            DeploymentControllerType.CODE_DEPLOY,
                            s -> s.circuitBreaker(true),
                            b -> {}))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Service: circuitBreaker applies only to the ECS deployment controller");
        }

        @Test
        void failsWhenTheTestPortIsTheProductionPort() {
            assertThatThrownBy(() -> build(b -> b.testListenerPort(443)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(
                            "testListenerPort must differ from the ports of the production listeners [443, 80] (HTTPS and its HTTP redirect), got 443");
        }

        @Test
        void failsWhenTheTestPortIsTheRedirectPort() {
            assertThatThrownBy(() -> build(b -> b.testListenerPort(80)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(
                            "testListenerPort must differ from the ports of the production listeners [443, 80] (HTTPS and its HTTP redirect), got 80");
        }

        @Test
        void failsWhenTerminationWaitExceedsTwoDays() {
            assertThatThrownBy(() -> build(b -> b.terminationWaitTime(Duration.minutes(2881))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(
                            "terminationWaitTime must be between 0 and 2880 minutes, got 2 days 1 minute");
        }

        @Test
        void failsWhenApprovalWaitExceedsTwoDays() {
            assertThatThrownBy(() -> build(b -> b.deploymentApprovalWaitTime(Duration.days(3))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("deploymentApprovalWaitTime must be between 0 and 2880 minutes");
        }

        @Test
        void failsOnANonEcsDeploymentConfig() {
            Stack s = TestApps.stack();
            assertThatThrownBy(() -> build(
                            s,
                            DeploymentControllerType.CODE_DEPLOY,
                            x -> {},
                            b -> b.deploymentConfig(EcsDeploymentConfig.fromEcsDeploymentConfigName(
                                    s, "Server", "CodeDeployDefault.OneAtATime"))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("deploymentConfig must be an ECS deployment configuration")
                    .hasMessageContaining("got CodeDeployDefault.OneAtATime");
        }

        @Test
        void failsOnBothDeploymentConfigAndTrafficRouting() {
            assertThatThrownBy(() -> build(b -> b.deploymentConfig(EcsDeploymentConfig.ALL_AT_ONCE)
                            .trafficRouting(TrafficRouting.allAtOnce())))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("deploymentConfig and trafficRouting are mutually exclusive");
        }

        @Test
        void failsOnAlarmRollbackWithoutAlarms() {
            assertThatThrownBy(() -> build(b -> b.createDefaultAlarms(false)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("rollbackOnAlarm needs at least one alarm, got none");
        }

        @Test
        void allowsNoAlarmsWhenAlarmRollbackIsOff() {
            BlueGreenService bg = build(b -> b.createDefaultAlarms(false).rollbackOnAlarm(false));
            assertThat(bg.getAlarms()).isEmpty();
        }

        @Test
        void failsOnMoreThanTenAlarms() {
            Stack s = TestApps.stack();
            List<IAlarm> many = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                many.add(Alarm.Builder.create(s, "A" + i)
                        .metric(Metric.Builder.create()
                                .namespace("App")
                                .metricName("M" + i)
                                .build())
                        .threshold(1)
                        .evaluationPeriods(1)
                        .build());
            }
            assertThatThrownBy(() -> build(s, DeploymentControllerType.CODE_DEPLOY, x -> {}, b -> b.alarms(many)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("alarms must bring the total to at most 10 alarms");
        }

        @Test
        void failsOnAServiceNameThatCannotNameRoles() {
            assertThatThrownBy(() -> build(b -> b.serviceName("orders service")))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("serviceName must be 1-32 letters, digits");
        }

        @Test
        void failsOnAHookWithAGeneratedName() {
            Stack s = TestApps.stack();
            Function hook = Function.Builder.create(s, "Hook")
                    .runtime(Runtime.NODEJS_22_X)
                    .handler("index.handler")
                    .code(Code.fromInline("exports.handler=1"))
                    .build();
            assertThatThrownBy(() -> build(
                            s,
                            DeploymentControllerType.CODE_DEPLOY,
                            x -> {},
                            b -> b.lifecycleHooks(Map.of(LifecycleEvent.BEFORE_ALLOW_TRAFFIC, hook))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("lifecycleHooks functions must have a name known at synth time");
        }
    }
}
