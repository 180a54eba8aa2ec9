package io.github.securefargate.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.service.NativeDelivery;
import io.github.securefargate.service.SecureFargateService;
import io.github.securefargate.testing.TestApps;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricProps;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleLambdaTarget;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleLambdaTargetProps;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleStage;
import software.amazon.awscdk.services.iam.FromRoleArnOptions;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.IConstruct;

class NativeBlueGreenServiceTest {

    static SecureFargateService service(
            final Stack stack,
            final DeploymentControllerType controller,
            final Consumer<SecureFargateService.Builder> configure) {
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        EncryptedCluster cluster =
                EncryptedCluster.Builder.create(stack, "Cluster").vpc(vpc).build();
        SecureFargateService.Builder s = SecureFargateService.Builder.create(stack, "Service")
                .cluster(cluster.getCluster())
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"))
                .certificate(Certificate.fromCertificateArn(stack, "Certificate", TestApps.CERTIFICATE_ARN))
                .deploymentController(controller);
        configure.accept(s);
        return s.build();
    }

    static NativeBlueGreenService build(final Stack stack, final Consumer<NativeBlueGreenService.Builder> configure) {
        NativeBlueGreenService.Builder b = NativeBlueGreenService.Builder.create(stack, "BlueGreen")
                .service(service(stack, DeploymentControllerType.ECS, s -> {}))
                .serviceName("orders");
        configure.accept(b);
        return b.build();
    }

    static Template template(final Consumer<NativeBlueGreenService.Builder> configure) {
        Stack stack = TestApps.stack();
        build(stack, configure);
        return Template.fromStack(stack);
    }

    static Function hook(final Stack stack, final String id) {
        return Function.Builder.create(stack, id)
                .runtime(Runtime.PYTHON_3_12)
                .handler("index.handler")
                .code(Code.fromInline("def handler(e, c):\n    return {'hookStatus': 'SUCCEEDED'}\n"))
                .build();
    }

    private static Stack stack;
    private static NativeBlueGreenService nativeService;
    private static Template template;

    @BeforeAll
    static void synthesizeDefaults() {
        stack = TestApps.stack();
        nativeService = build(stack, b -> {});
        template = Template.fromStack(stack);
    }

    private static String logicalId(final IConstruct c) {
        return Stack.of(c).getLogicalId((CfnElement) c.getNode().getDefaultChild());
    }

    private static Map<String, Object> ref(final IConstruct c) {
        return Map.of("Ref", logicalId(c));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(final Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(final Object value) {
        return (List<Object>) value;
    }

    private static Map<String, Object> deploymentConfiguration(final Template t) {
        Map<String, Map<String, Object>> services = t.findResources("AWS::ECS::Service");
        assertThat(services).hasSize(1);
        Map<String, Object> props = asMap(services.values().iterator().next().get("Properties"));
        return asMap(props.get("DeploymentConfiguration"));
    }

    @Nested
    class Defaults {
        @Test
        void shiftsTenPercentCanaryForFiveMinutesThenBakesFive() {
            Map<String, Object> config = deploymentConfiguration(template);
            assertThat(config.get("Strategy")).isEqualTo("CANARY");
            assertThat(config.get("CanaryConfiguration"))
                    .isEqualTo(Map.of("CanaryPercent", 10, "CanaryBakeTimeInMinutes", 5));
            assertThat(config.get("BakeTimeInMinutes")).isEqualTo(NativeBlueGreenService.DEFAULT_BAKE_TIME_MINUTES);
            assertThat(config).doesNotContainKey("LinearConfiguration");
        }

        @Test
        void statesTheEcsControllerSoASwitchFromCodeDeployIsAnUpdate() {
            template.hasResourceProperties("AWS::ECS::Service", Map.of("DeploymentController", Map.of("Type", "ECS")));
        }

        @Test
        void rollsBackOnTheFiveDefaultAlarms() {
            Map<String, Object> alarms = asMap(deploymentConfiguration(template).get("Alarms"));
            assertThat(alarms.get("Enable")).isEqualTo(true);
            assertThat(alarms.get("Rollback")).isEqualTo(true);
            assertThat(asList(alarms.get("AlarmNames")))
                    .containsExactlyElementsOf(
                            nativeService.getAlarms().stream().map(a -> ref(a)).toList());
            assertThat(nativeService.getAlarms()).hasSize(BlueGreenService.DEFAULT_ALARM_COUNT);
            assertThat(template.findResources("AWS::CloudWatch::Alarm")).hasSize(BlueGreenService.DEFAULT_ALARM_COUNT);
        }

        @Test
        void removesTheRollingCircuitBreaker() {
            assertThat(deploymentConfiguration(template)).doesNotContainKey("DeploymentCircuitBreaker");
        }

        @Test
        void writesItsOwnAlarmsOverAnEnableDeploymentAlarmsCallOnTheInnerService() {
            // As useNativeDelivery documents: the construct's alarms are the deployment's; pass more through alarms().
            Stack s = TestApps.stack();
            NativeBlueGreenService n = build(s, b -> {});
            n.getService().getService().enableDeploymentAlarms(List.of("other-alarm"));
            Map<String, Object> alarms =
                    asMap(deploymentConfiguration(Template.fromStack(s)).get("Alarms"));
            assertThat(asList(alarms.get("AlarmNames")))
                    .containsExactlyElementsOf(
                            n.getAlarms().stream().map(a -> ref(a)).toList())
                    .doesNotContain("other-alarm");
        }

        @Test
        void rendersNoAlarmBlockWithoutAlarmsAlsoWithoutTheFeatureFlags() {
            // Without @aws-cdk/aws-ecs:removeDefaultDeploymentAlarm aws-cdk-lib renders a disabled alarm block.
            Stack bare = new Stack(
                    new App(),
                    "NoFlags",
                    StackProps.builder().env(TestApps.env()).build());
            build(bare, b -> b.createDefaultAlarms(false).rollbackOnAlarm(false));
            Map<String, Object> config = deploymentConfiguration(Template.fromStack(bare));
            assertThat(config).doesNotContainKey("Alarms").containsEntry("Strategy", "CANARY");
        }

        @Test
        void keepsTheServicesHealthyPercentages() {
            Map<String, Object> config = deploymentConfiguration(template);
            assertThat(config.get("MinimumHealthyPercent")).isEqualTo(SecureFargateService.DEFAULT_MIN_HEALTHY_PERCENT);
            assertThat(config.get("MaximumPercent")).isEqualTo(SecureFargateService.DEFAULT_MAX_HEALTHY_PERCENT);
        }

        @Test
        void pointsAdvancedConfigurationAtGreenBothRulesAndTheInfrastructureRole() {
            template.hasResourceProperties(
                    "AWS::ECS::Service",
                    Map.of(
                            "LoadBalancers",
                            List.of(Map.of(
                                    "TargetGroupArn",
                                    ref(nativeService.getBlueTargetGroup()),
                                    "ContainerName",
                                    SecureFargateService.DEFAULT_CONTAINER_NAME,
                                    "ContainerPort",
                                    SecureFargateService.DEFAULT_CONTAINER_PORT,
                                    "AdvancedConfiguration",
                                    Map.of(
                                            "AlternateTargetGroupArn",
                                            ref(nativeService.getGreenTargetGroup()),
                                            "ProductionListenerRule",
                                            ref(nativeService.getProductionRule()),
                                            "TestListenerRule",
                                            ref(nativeService.getTestRule()),
                                            "RoleArn",
                                            Map.of(
                                                    "Fn::GetAtt",
                                                    List.of(
                                                            logicalId(nativeService.getInfrastructureRole()),
                                                            "Arn")))))));
        }

        @Test
        void hasNoCodeDeployResourcesAndNoHookRoleWithoutHooks() {
            assertThat(template.findResources("AWS::CodeDeploy::Application")).isEmpty();
            assertThat(template.findResources("AWS::CodeDeploy::DeploymentGroup"))
                    .isEmpty();
            assertThat(nativeService.getHookRole()).isNull();
            assertThat(deploymentConfiguration(template)).doesNotContainKey("LifecycleHooks");
        }

        @Test
        void serviceReturnsTheDeliveryItWasGiven() {
            NativeDelivery delivery = nativeService.getService().getNativeDelivery();
            assertThat(delivery).isNotNull();
            assertThat(delivery.getAlternateTargetGroup()).isSameAs(nativeService.getGreenTargetGroup());
            assertThat(delivery.getProductionListenerRule()).isSameAs(nativeService.getProductionRule());
        }
    }

    @Nested
    class Strategies {
        @Test
        void allAtOnceRendersBlueGreenWithoutStepConfiguration() {
            Map<String, Object> config =
                    deploymentConfiguration(template(b -> b.trafficShift(NativeTrafficShift.ALL_AT_ONCE)));
            assertThat(config.get("Strategy")).isEqualTo("BLUE_GREEN");
            assertThat(config).doesNotContainKeys("LinearConfiguration", "CanaryConfiguration");
        }

        @Test
        void linearRendersStepPercentAndStepBake() {
            Map<String, Object> config = deploymentConfiguration(
                    template(b -> b.trafficShift(NativeTrafficShift.linear(12.5, Duration.minutes(3)))));
            assertThat(config.get("Strategy")).isEqualTo("LINEAR");
            assertThat(config.get("LinearConfiguration"))
                    .isEqualTo(Map.of("StepPercent", 12.5, "StepBakeTimeInMinutes", 3));
            assertThat(config).doesNotContainKey("CanaryConfiguration");
        }

        @Test
        void canaryRendersCanaryPercentAndCanaryBake() {
            Map<String, Object> config = deploymentConfiguration(
                    template(b -> b.trafficShift(NativeTrafficShift.canary(0.1, Duration.minutes(20)))
                            .bakeTime(Duration.minutes(30))));
            assertThat(config.get("Strategy")).isEqualTo("CANARY");
            assertThat(config.get("CanaryConfiguration"))
                    .isEqualTo(Map.of("CanaryPercent", 0.1, "CanaryBakeTimeInMinutes", 20));
            assertThat(config.get("BakeTimeInMinutes")).isEqualTo(30);
        }

        @Test
        void presetsMirrorCodeDeploysConfigurations() {
            assertThat(NativeTrafficShift.LINEAR_10_PERCENT_EVERY_3_MINUTES.getPercent())
                    .isEqualTo(10);
            assertThat(NativeTrafficShift.LINEAR_10_PERCENT_EVERY_3_MINUTES
                            .getStepBakeTime()
                            .toMinutes())
                    .isEqualTo(3);
            assertThat(NativeTrafficShift.LINEAR_10_PERCENT_EVERY_1_MINUTE
                            .getStepBakeTime()
                            .toMinutes())
                    .isEqualTo(1);
            assertThat(NativeTrafficShift.CANARY_10_PERCENT_15_MINUTES
                            .getStepBakeTime()
                            .toMinutes())
                    .isEqualTo(15);
            assertThat(NativeTrafficShift.ALL_AT_ONCE.getPercent()).isNull();
        }
    }

    @Nested
    class RoutingShape {
        /**
         * aws-cdk#36649: CloudFormation rewrites a listener rule only when its template properties change, and a
         * rewrite sends production back to the template's target group, which after every other deployment has no
         * tasks. These properties must never change, so they are pinned here exactly.
         */
        private Map<String, Object> pinnedRule(final IConstruct listener) {
            return Map.of(
                    "ListenerArn",
                    ref(listener),
                    "Priority",
                    1,
                    "Conditions",
                    List.of(Map.of("Field", "path-pattern", "PathPatternConfig", Map.of("Values", List.of("/*")))),
                    "Actions",
                    List.of(Map.of(
                            "Type",
                            "forward",
                            "ForwardConfig",
                            Map.of(
                                    "TargetGroups",
                                    List.of(
                                            Map.of(
                                                    "TargetGroupArn",
                                                    ref(nativeService.getBlueTargetGroup()),
                                                    "Weight",
                                                    100),
                                            Map.of(
                                                    "TargetGroupArn",
                                                    ref(nativeService.getGreenTargetGroup()),
                                                    "Weight",
                                                    0))))));
        }

        private Object properties(final IConstruct rule) {
            return template.findResources("AWS::ElasticLoadBalancingV2::ListenerRule")
                    .get(logicalId(rule))
                    .get("Properties");
        }

        @Test
        void productionRuleHasThePinnedShape() {
            assertThat(properties(nativeService.getProductionRule()))
                    .isEqualTo(pinnedRule(nativeService.getService().getListener()));
        }

        @Test
        void testRuleHasThePinnedShape() {
            assertThat(properties(nativeService.getTestRule())).isEqualTo(pinnedRule(nativeService.getTestListener()));
        }

        @Test
        void listenerDefaultActionsStayForwardToBlue() {
            template.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::Listener",
                    Map.of(
                            "Port",
                            443,
                            "DefaultActions",
                            List.of(Map.of(
                                    "Type", "forward", "TargetGroupArn", ref(nativeService.getBlueTargetGroup())))));
        }

        @Test
        void ruleDoesNotDependOnProps() {
            Template other = template(b -> b.trafficShift(NativeTrafficShift.linear(20, Duration.minutes(2)))
                    .bakeTime(Duration.minutes(30))
                    .testListenerPort(9443)
                    .target5xxThreshold(20)
                    .createDefaultAlarms(false)
                    .rollbackOnAlarm(false));
            assertThat(other.findResources("AWS::ElasticLoadBalancingV2::ListenerRule"))
                    .isEqualTo(template.findResources("AWS::ElasticLoadBalancingV2::ListenerRule"));
        }
    }

    @Nested
    class Roles {
        @Test
        void infrastructureRoleIsScopedToTheTwoTargetGroupsRulesAndListeners() {
            String roleId = logicalId(nativeService.getInfrastructureRole());
            template.hasResourceProperties(
                    "AWS::IAM::Role",
                    Map.of(
                            "AssumeRolePolicyDocument",
                            Match.objectLike(Map.of(
                                    "Statement",
                                    List.of(Match.objectLike(
                                            Map.of("Principal", Map.of("Service", "ecs.amazonaws.com"))))))));
            Map<String, Object> role =
                    asMap(template.findResources("AWS::IAM::Role").get(roleId).get("Properties"));
            assertThat(role).doesNotContainKey("ManagedPolicyArns");
            // Statement -> (sorted actions, sorted resources), whatever order aws-cdk-lib minimizes them into.
            Map<List<String>, List<String>> statements = new java.util.HashMap<>();
            for (Map<String, Object> policy :
                    template.findResources("AWS::IAM::Policy").values()) {
                Map<String, Object> props = asMap(policy.get("Properties"));
                if (!props.get("Roles").equals(List.of(Map.of("Ref", roleId)))) {
                    continue;
                }
                for (Object st : asList(asMap(props.get("PolicyDocument")).get("Statement"))) {
                    Map<String, Object> statement = asMap(st);
                    assertThat(statement.get("Effect")).isEqualTo("Allow");
                    statements.put(sorted(statement.get("Action")), sorted(statement.get("Resource")));
                }
            }
            assertThat(statements)
                    .isEqualTo(Map.of(
                            sorted(NativeBlueGreenService.DESCRIBE_ACTIONS),
                            List.of("*"),
                            sorted(NativeBlueGreenService.TARGET_GROUP_ACTIONS),
                            sorted(List.of(
                                    ref(nativeService.getBlueTargetGroup()), ref(nativeService.getGreenTargetGroup()))),
                            sorted(NativeBlueGreenService.RULE_ACTIONS),
                            sorted(List.of(ref(nativeService.getProductionRule()), ref(nativeService.getTestRule()))),
                            sorted(NativeBlueGreenService.LISTENER_ACTIONS),
                            sorted(List.of(
                                    ref(nativeService.getService().getListener()),
                                    ref(nativeService.getTestListener())))));
        }

        private List<String> sorted(final Object value) {
            List<Object> values = value instanceof List ? asList(value) : List.of(value);
            return values.stream().map(String::valueOf).sorted().toList();
        }

        @Test
        void hookRoleInvokesTheHookFunctionsAtTheirStages() {
            Stack s = TestApps.stack();
            NativeBlueGreenService n = build(
                    s,
                    b -> b.lifecycleHooks(Map.of(
                            DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT, hook(s, "SmokeTests"),
                            DeploymentLifecycleStage.PRE_SCALE_UP, hook(s, "PreChecks"))));
            Template t = Template.fromStack(s);
            String hookRoleId = logicalId(n.getHookRole());
            Map<String, Object> config = deploymentConfiguration(t);
            // Ordered by stage, so the template is the same on every synth.
            assertThat(config.get("LifecycleHooks"))
                    .isEqualTo(List.of(
                            Map.of(
                                    "HookTargetArn", Map.of("Fn::GetAtt", List.of(logicalIdOf(s, "PreChecks"), "Arn")),
                                    "RoleArn", Map.of("Fn::GetAtt", List.of(hookRoleId, "Arn")),
                                    "LifecycleStages", List.of("PRE_SCALE_UP")),
                            Map.of(
                                    "HookTargetArn", Map.of("Fn::GetAtt", List.of(logicalIdOf(s, "SmokeTests"), "Arn")),
                                    "RoleArn", Map.of("Fn::GetAtt", List.of(hookRoleId, "Arn")),
                                    "LifecycleStages", List.of("POST_TEST_TRAFFIC_SHIFT"))));
            t.hasResourceProperties(
                    "AWS::IAM::Policy",
                    Map.of(
                            "Roles",
                            List.of(Map.of("Ref", hookRoleId)),
                            "PolicyDocument",
                            Match.objectLike(Map.of(
                                    "Statement",
                                    Match.arrayWith(
                                            List.of(Match.objectLike(Map.of("Action", "lambda:InvokeFunction"))))))));
        }

        @Test
        void lifecycleHooksAddedLaterThroughTheServiceAreRenderedAfterTheDeliverysOwn() {
            Stack s = TestApps.stack();
            NativeBlueGreenService n = build(
                    s, b -> b.lifecycleHooks(Map.of(DeploymentLifecycleStage.PRE_SCALE_UP, hook(s, "PreChecks"))));
            Role auditRole = Role.Builder.create(s, "AuditHookRole")
                    .assumedBy(new ServicePrincipal("ecs.amazonaws.com"))
                    .build();
            n.getService()
                    .getService()
                    .addLifecycleHook(new DeploymentLifecycleLambdaTarget(
                            hook(s, "Audit"),
                            "Audit",
                            DeploymentLifecycleLambdaTargetProps.builder()
                                    .lifecycleStages(List.of(DeploymentLifecycleStage.POST_PRODUCTION_TRAFFIC_SHIFT))
                                    .role(auditRole)
                                    .build()));
            Template t = Template.fromStack(s);
            assertThat(deploymentConfiguration(t).get("LifecycleHooks"))
                    .isEqualTo(List.of(
                            Map.of(
                                    "HookTargetArn", Map.of("Fn::GetAtt", List.of(logicalIdOf(s, "PreChecks"), "Arn")),
                                    "RoleArn", Map.of("Fn::GetAtt", List.of(logicalId(n.getHookRole()), "Arn")),
                                    "LifecycleStages", List.of("PRE_SCALE_UP")),
                            Map.of(
                                    "HookTargetArn", Map.of("Fn::GetAtt", List.of(logicalIdOf(s, "Audit"), "Arn")),
                                    "RoleArn", Map.of("Fn::GetAtt", List.of(logicalId(auditRole), "Arn")),
                                    "LifecycleStages", List.of("POST_PRODUCTION_TRAFFIC_SHIFT"))));
            assertThat(deploymentConfiguration(t).get("Strategy")).isEqualTo("CANARY");
        }

        private String logicalIdOf(final Stack s, final String id) {
            return logicalId(s.getNode().findChild(id));
        }
    }

    @Nested
    class Validation {
        private void fails(final Consumer<NativeBlueGreenService.Builder> configure, final String... parts) {
            assertThatThrownBy(() -> build(TestApps.stack(), configure))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("BlueGreen")
                    .hasMessageContainingAll(parts);
        }

        /** The alarm and account props share the CodeDeploy mode's checks; each is held here in native mode too. */
        @Test
        void checksTheAlarmThresholdsAndThePipelineAccountAsTheCodeDeployModeDoes() {
            fails(b -> b.target5xxThreshold(0), "TestStack/BlueGreen: target5xxThreshold must be at least 1, got 0");
            fails(b -> b.latencyThreshold(Duration.millis(0)), "latencyThreshold must be positive, got 0 millis");
            fails(
                    b -> b.pipelineAccount("12345"),
                    "TestStack/BlueGreen: pipelineAccount must be a 12-digit AWS account id, got '12345'");
        }

        @Test
        void failsWhenLinearStepIsBelow3Percent() {
            fails(
                    b -> b.trafficShift(NativeTrafficShift.linear(2.9, Duration.minutes(1))),
                    "trafficShift.stepPercent",
                    "between 3 and 100",
                    "got 2.9");
        }

        @Test
        void failsWhenLinearStepIsAbove100Percent() {
            fails(
                    b -> b.trafficShift(NativeTrafficShift.linear(101, Duration.minutes(1))),
                    "trafficShift.stepPercent",
                    "got 101");
        }

        @Test
        void failsWhenPercentIsNotAMultipleOfATenth() {
            fails(
                    b -> b.trafficShift(NativeTrafficShift.canary(5.05, Duration.minutes(1))),
                    "trafficShift.canaryPercent",
                    "multiple of 0.1",
                    "got 5.05");
        }

        @Test
        void failsWhenCanaryIsBelowATenthPercent() {
            fails(
                    b -> b.trafficShift(NativeTrafficShift.canary(0.05, Duration.minutes(1))),
                    "trafficShift.canaryPercent",
                    "between 0.1 and 100",
                    "got 0.05");
        }

        @Test
        void failsWhenStepBakeIsNotWholeMinutes() {
            fails(
                    b -> b.trafficShift(NativeTrafficShift.linear(10, Duration.seconds(90))),
                    "trafficShift.stepBakeTime",
                    "whole number of minutes",
                    "got 1 minute 30 seconds");
        }

        @Test
        void failsWhenCanaryBakeExceeds1440Minutes() {
            fails(
                    b -> b.trafficShift(NativeTrafficShift.canary(10, Duration.minutes(1441))),
                    "trafficShift.canaryBakeTime",
                    "between 0 and 1440 minutes");
        }

        @Test
        void failsWhenBakeTimeExceeds1440Minutes() {
            fails(b -> b.bakeTime(Duration.hours(25)), "bakeTime", "between 0 and 1440 minutes", "got 1 day 1 hour");
        }

        @Test
        void failsWhenLinearExceedsCloudFormations33Hours() {
            // 10 %: 9 steps x 200 min + 180 min = 1980 min passes; 201 min per step is 1989 min.
            build(TestApps.stack(), b -> b.trafficShift(NativeTrafficShift.linear(10, Duration.minutes(200)))
                    .bakeTime(Duration.minutes(180)));
            fails(
                    b -> b.trafficShift(NativeTrafficShift.linear(10, Duration.minutes(201)))
                            .bakeTime(Duration.minutes(180)),
                    "trafficShift",
                    "9 steps within 1980 minutes",
                    "got 1989 minutes");
        }

        @Test
        void failsOnTheCodeDeployController() {
            Stack s = TestApps.stack();
            assertThatThrownBy(() -> NativeBlueGreenService.Builder.create(s, "BlueGreen")
                            .service(service(s, DeploymentControllerType.CODE_DEPLOY, x -> {}))
                            .serviceName("orders")
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContainingAll(
                            "BlueGreen", "service", "must use the ECS deployment controller", "got CODE_DEPLOY");
        }

        @Test
        void serviceRefusesNativeDeliveryTwice() {
            Stack s = TestApps.stack();
            NativeBlueGreenService n = build(s, b -> {});
            assertThatThrownBy(() ->
                            n.getService().useNativeDelivery(n.getService().getNativeDelivery()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContainingAll("Service", "nativeDelivery", "once");
        }

        @Test
        void refusesAnExplicitCircuitBreakerWhichNativeDeploymentsDoNotUse() {
            Stack s = TestApps.stack();
            assertThatThrownBy(() -> NativeBlueGreenService.Builder.create(s, "BlueGreen")
                            .service(service(s, DeploymentControllerType.ECS, x -> x.circuitBreaker(true)))
                            .serviceName("orders")
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContainingAll(
                            "Service", "circuitBreaker", "rolling deployments", "got true with native delivery");
        }

        @Test
        void serviceRefusesNativeDeliveryUnderCodeDeploy() {
            Stack s = TestApps.stack();
            NativeBlueGreenService n = build(s, b -> {});
            SecureFargateService codeDeploy = SecureFargateService.Builder.create(s, "Other")
                    .cluster(n.getService().getCluster())
                    .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"))
                    .deploymentController(DeploymentControllerType.CODE_DEPLOY)
                    .build();
            assertThatThrownBy(() -> codeDeploy.useNativeDelivery(n.getService().getNativeDelivery()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContainingAll("Other", "deploymentController", "must be ECS", "got CODE_DEPLOY");
            assertThat(codeDeploy.getNativeDelivery()).isNull();
        }

        @Test
        void failsWhenTestPortIsAProductionPort() {
            fails(b -> b.testListenerPort(443), "testListenerPort", "production listeners [443, 80]", "got 443");
            fails(b -> b.testListenerPort(80), "testListenerPort", "production listeners [443, 80]", "got 80");
        }

        @Test
        void failsWhenTheHookRoleCannotInvokeAHook() {
            Stack s = TestApps.stack();
            assertThatThrownBy(() -> build(s, b -> b.hookRole(Role.fromRoleArn(
                                    s,
                                    "Central",
                                    "arn:aws:iam::222222222222:role/central",
                                    FromRoleArnOptions.builder().mutable(false).build()))
                            .lifecycleHooks(Map.of(
                                    DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT,
                                    Function.fromFunctionArn(
                                            s, "Imported", "arn:aws:lambda:eu-west-1:333333333333:function:smoke")))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContainingAll(
                            "BlueGreen",
                            "lifecycleHooks[POST_TEST_TRAFFIC_SHIFT]",
                            "the hook role can be granted",
                            "Imported");
        }

        @Test
        void failsWhenRollbackHasNoAlarm() {
            fails(b -> b.createDefaultAlarms(false), "rollbackOnAlarm", "needs at least one alarm", "got none");
        }

        @Test
        void failsOnAnInvalidServiceName() {
            fails(b -> b.serviceName("has space"), "serviceName", "got 'has space'");
        }

        @Test
        void skipsTokens() {
            Stack s = TestApps.stack();
            CfnParameter percent =
                    CfnParameter.Builder.create(s, "Percent").type("Number").build();
            CfnParameter port =
                    CfnParameter.Builder.create(s, "Port").type("Number").build();
            NativeBlueGreenService n = build(
                    s, b -> b.trafficShift(NativeTrafficShift.linear(percent.getValueAsNumber(), Duration.minutes(1)))
                            .testListenerPort(port.getValueAsNumber()));
            assertThat(n.getTrafficShift().getPercent()).isEqualTo(percent.getValueAsNumber());
            Map<String, Object> linear =
                    asMap(deploymentConfiguration(Template.fromStack(s)).get("LinearConfiguration"));
            assertThat(linear.get("StepPercent")).isEqualTo(Map.of("Ref", "Percent"));
        }
    }

    @Nested
    class Ids {
        @Test
        void pinsTheLogicalIdsOfTheRulesRolesAndGreenTargetGroup() {
            Stack s = TestApps.stack();
            NativeBlueGreenService n =
                    build(s, b -> b.lifecycleHooks(Map.of(DeploymentLifecycleStage.PRE_SCALE_UP, hook(s, "Hook"))));
            assertThat(List.of(
                            logicalId(n.getProductionRule()),
                            logicalId(n.getTestRule()),
                            logicalId(n.getGreenTargetGroup()),
                            logicalId(n.getTestListener()),
                            logicalId(n.getInfrastructureRole()),
                            logicalId(n.getHookRole()),
                            logicalId(n.getTaskDefinitionReaderRole())))
                    .containsExactly(
                            "BlueGreenProductionRuleC85D4A0A",
                            "BlueGreenTestRule46E8680B",
                            "BlueGreenGreenTargetGroup0D8BBCA6",
                            "ServiceLoadBalancerTestListener75EE92E3",
                            "BlueGreenInfrastructureRole9B123C48",
                            "BlueGreenHookRoleB8BCF460",
                            "BlueGreenTaskDefinitionReaderRole8BA87D58");
        }
    }

    @Nested
    class Warnings {
        @Test
        void warnsWhenABakeIsShorterThanTheAlarmsNeed() {
            Stack s = TestApps.stack();
            build(s, b -> b.trafficShift(NativeTrafficShift.LINEAR_10_PERCENT_EVERY_1_MINUTE));
            Annotations.fromStack(s)
                    .hasWarning(
                            "/" + s.getStackName() + "/BlueGreen",
                            Match.stringLikeRegexp(".*trafficShift.stepBakeTime waits 1 minute.*rollback alarms.*"));
        }

        @Test
        void warnsNothingAboutBakesWhenOnlyTheUsersAlarmsRollBack() {
            Stack s = TestApps.stack();
            Alarm mine = Alarm.Builder.create(s, "Mine")
                    .metric(new Metric(MetricProps.builder()
                            .namespace("Orders")
                            .metricName("Errors")
                            .build()))
                    .threshold(1)
                    .evaluationPeriods(1)
                    .build();
            build(s, b -> b.trafficShift(NativeTrafficShift.LINEAR_10_PERCENT_EVERY_1_MINUTE)
                    .createDefaultAlarms(false)
                    .alarms(List.of(mine)));
            Annotations.fromStack(s)
                    .hasNoWarning("/" + s.getStackName() + "/BlueGreen", Match.stringLikeRegexp(".*rollback alarms.*"));
        }

        @Test
        void defaultsDoNotWarn() {
            Annotations.fromStack(stack)
                    .hasNoWarning(
                            "/" + stack.getStackName() + "/BlueGreen", Match.stringLikeRegexp(".*rollback alarms.*"));
        }
    }
}
