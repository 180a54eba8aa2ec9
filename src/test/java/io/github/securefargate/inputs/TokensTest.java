package io.github.securefargate.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.notifications.EncryptedTopic;
import io.github.securefargate.notifications.EncryptedTopicProps;
import io.github.securefargate.service.SecureFargateService;
import io.github.securefargate.testing.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.codedeploy.TimeBasedCanaryTrafficRoutingProps;
import software.amazon.awscdk.services.codedeploy.TrafficRouting;
import software.amazon.awscdk.services.ec2.Peer;

/**
 * Every numeric and string prop a construct forwards to CloudFormation may be a token (a {@code CfnParameter}, an
 * import, an attribute): it must reach the template as that token, everywhere it flows, never as the number a token
 * encodes (a {@code Number} token read with {@code intValue()} is -2147483648). Where aws-cdk-lib cannot take a token
 * (a {@code Duration} in another unit than the one CloudFormation wants), the construct fails with its own message.
 */
class TokensTest {
    private static Number number(final Stack stack, final String name) {
        return CfnParameter.Builder.create(stack, name).type("Number").build().getValueAsNumber();
    }

    private static String string(final Stack stack, final String name) {
        return CfnParameter.Builder.create(stack, name).type("String").build().getValueAsString();
    }

    private static Map<String, Object> ref(final String name) {
        return Map.of("Ref", name);
    }

    /** The default 5xx and latency alarms keep the Threshold and Latency parameters as their thresholds. */
    private static void assertAlarmThresholdTokens(final Template template) {
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "HTTPCode_Target_5XX_Count", "Threshold", ref("Threshold"))));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "TargetResponseTime", "Threshold", ref("Latency"))));
    }

    @Nested
    class SecureFargateServiceTokens {
        private static Template template;
        private static SecureFargateService service;

        @BeforeAll
        static void synth() {
            Stack stack = TestApps.stack();
            service = Fixtures.service(stack, b -> b.containerPort(number(stack, "Port"))
                    .cpu(number(stack, "Cpu"))
                    .memoryLimitMiB(number(stack, "Memory"))
                    .ephemeralStorageGiB(number(stack, "Storage"))
                    .desiredCount(number(stack, "Count"))
                    .minHealthyPercent(number(stack, "MinHealthy"))
                    .maxHealthyPercent(number(stack, "MaxHealthy"))
                    .healthCheckPath(string(stack, "Path"))
                    .healthCheckInterval(Duration.seconds(number(stack, "Interval")))
                    .healthCheckTimeout(Duration.seconds(number(stack, "Timeout")))
                    .healthyThresholdCount(number(stack, "Healthy"))
                    .unhealthyThresholdCount(number(stack, "Unhealthy"))
                    .deregistrationDelay(Duration.seconds(number(stack, "Deregistration")))
                    .healthCheckGracePeriod(Duration.seconds(number(stack, "Grace")))
                    .user(string(stack, "User"))
                    .environment(Map.of("STAGE", string(stack, "Stage")))
                    .ingressPeers(List.of(Peer.ipv4(string(stack, "Cidr")))));
            template = Template.fromStack(stack);
        }

        @Test
        void keepsTheContainerPortATokenInThePortMapping() {
            template.hasResourceProperties(
                    "AWS::ECS::TaskDefinition",
                    Map.of(
                            "ContainerDefinitions",
                                    List.of(Match.objectLike(Map.of(
                                            "PortMappings",
                                                    List.of(Match.objectLike(Map.of("ContainerPort", ref("Port")))),
                                            "User", ref("User"),
                                            "Environment", List.of(Map.of("Name", "STAGE", "Value", ref("Stage")))))),
                            "Cpu", ref("Cpu"),
                            "Memory", ref("Memory"),
                            "EphemeralStorage", Map.of("SizeInGiB", ref("Storage"))));
            assertThat(service.getContainerPort()).isSameAs(service.getContainerPort());
            assertThat(software.amazon.awscdk.Token.isUnresolved(service.getContainerPort()))
                    .isTrue();
        }

        @Test
        void keepsTheContainerPortATokenInTheTargetGroupAndTheSecurityGroupRule() {
            template.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::TargetGroup",
                    Match.objectLike(Map.of(
                            "Port", ref("Port"),
                            "HealthCheckPath", ref("Path"),
                            "HealthCheckIntervalSeconds", ref("Interval"),
                            "HealthCheckTimeoutSeconds", ref("Timeout"),
                            "HealthyThresholdCount", ref("Healthy"),
                            "UnhealthyThresholdCount", ref("Unhealthy"),
                            "TargetGroupAttributes",
                                    Match.arrayWith(List.of(Map.of(
                                            "Key",
                                            "deregistration_delay.timeout_seconds",
                                            "Value",
                                            ref("Deregistration")))))));
            template.hasResourceProperties(
                    "AWS::EC2::SecurityGroupIngress",
                    Map.of(
                            "FromPort",
                            ref("Port"),
                            "ToPort",
                            ref("Port"),
                            "IpProtocol",
                            "tcp",
                            "SourceSecurityGroupId",
                            Match.anyValue(),
                            "GroupId",
                            Match.anyValue(),
                            "Description",
                            Match.anyValue()));
            assertThat(template.toJSON().toString())
                    .doesNotContain("-2147483648")
                    .doesNotContain("-1.8881545897087626e+289");
        }

        @Test
        void keepsCountsPercentagesAndGracePeriodTokensInTheService() {
            template.hasResourceProperties(
                    "AWS::ECS::Service",
                    Match.objectLike(Map.of(
                            "DesiredCount", ref("Count"),
                            "HealthCheckGracePeriodSeconds", ref("Grace"),
                            "DeploymentConfiguration",
                                    Match.objectLike(Map.of(
                                            "MinimumHealthyPercent", ref("MinHealthy"),
                                            "MaximumPercent", ref("MaxHealthy"))),
                            "LoadBalancers", List.of(Match.objectLike(Map.of("ContainerPort", ref("Port")))))));
        }

        @Test
        void keepsAnIngressCidrTokenInTheListenerRules() {
            template.hasResourceProperties(
                    "AWS::EC2::SecurityGroup",
                    Match.objectLike(Map.of(
                            "SecurityGroupIngress",
                            Match.arrayWith(List.of(Match.objectLike(
                                    Map.of("CidrIp", ref("Cidr"), "FromPort", 443, "ToPort", 443)))))));
        }

        @Test
        void failsEarlyOnATokenIntervalInMinutes() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> Fixtures.service(
                            stack, b -> b.healthCheckInterval(Duration.minutes(number(stack, "Interval")))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/Service: healthCheckInterval is a token, so it must be built with "
                            + "Duration.seconds(token)");
        }

        @Test
        void failsEarlyOnATokenDeregistrationDelayInMinutes() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> Fixtures.service(
                            stack, b -> b.deregistrationDelay(Duration.minutes(number(stack, "Delay")))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("deregistrationDelay is a token, so it must be built with Duration.seconds");
        }
    }

    @Nested
    class PortTokens {
        @Test
        void keepsAPortTokenThatIsTheOnlyToken() {
            Stack stack = TestApps.stack();
            Fixtures.blueGreen(
                    stack,
                    s -> s.containerPort(number(stack, "Port")),
                    b -> b.testListenerPort(number(stack, "TestPort")));
            Template t = Template.fromStack(stack);
            t.hasResourceProperties(
                    "AWS::ECS::TaskDefinition",
                    Map.of(
                            "ContainerDefinitions",
                            List.of(Match.objectLike(Map.of(
                                    "PortMappings",
                                    List.of(Match.objectLike(Map.of("ContainerPort", ref("Port")))))))));
            t.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of("Port", ref("TestPort"))));
            assertThat(t.toJSON().toString()).doesNotContain("-2147483648");
        }
    }

    @Nested
    class BlueGreenServiceTokens {
        private static Template template;
        private static BlueGreenService blueGreen;

        @BeforeAll
        static void synth() {
            Stack stack = TestApps.stack();
            blueGreen = Fixtures.blueGreen(
                    stack,
                    s -> s.containerPort(number(stack, "Port"))
                            .healthCheckInterval(Duration.seconds(number(stack, "Interval"))),
                    b -> b.testListenerPort(number(stack, "TestPort"))
                            .target5xxThreshold(number(stack, "Threshold"))
                            .latencyThreshold(Duration.seconds(number(stack, "Latency")))
                            .terminationWaitTime(Duration.minutes(number(stack, "Termination")))
                            .deploymentApprovalWaitTime(Duration.minutes(number(stack, "Approval")))
                            .trafficRouting(TrafficRouting.timeBasedCanary(TimeBasedCanaryTrafficRoutingProps.builder()
                                    .percentage(number(stack, "Canary"))
                                    .interval(Duration.minutes(number(stack, "CanaryInterval")))
                                    .build()))
                            .pipelineAccount(string(stack, "PipelineAccount")));
            template = Template.fromStack(stack);
        }

        @Test
        void keepsTheTestListenerPortATokenInTheListenerAndItsIngressRule() {
            template.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::Listener",
                    Match.objectLike(Map.of("Port", ref("TestPort"), "Protocol", "HTTPS")));
            template.hasResourceProperties(
                    "AWS::EC2::SecurityGroupIngress",
                    Match.objectLike(
                            Map.of("FromPort", ref("TestPort"), "ToPort", ref("TestPort"), "IpProtocol", "tcp")));
            assertThat(software.amazon.awscdk.Token.isUnresolved(blueGreen.getTestListenerPort()))
                    .isTrue();
            assertThat(template.toJSON().toString()).doesNotContain("-2147483648");
        }

        @Test
        void givesTheGreenTargetGroupTheContainerPortAndIntervalTokens() {
            assertThat(template.findResources(
                            "AWS::ElasticLoadBalancingV2::TargetGroup",
                            Map.of(
                                    "Properties",
                                    Match.objectLike(Map.of(
                                            "Port", ref("Port"), "HealthCheckIntervalSeconds", ref("Interval"))))))
                    .hasSize(2);
        }

        @Test
        void keepsAlarmThresholdAndWaitTokens() {
            assertAlarmThresholdTokens(template);
            template.hasResourceProperties(
                    "AWS::CodeDeploy::DeploymentGroup",
                    Match.objectLike(Map.of(
                            "BlueGreenDeploymentConfiguration",
                            Match.objectLike(Map.of(
                                    "TerminateBlueInstancesOnDeploymentSuccess",
                                            Match.objectLike(
                                                    Map.of("TerminationWaitTimeInMinutes", ref("Termination"))),
                                    "DeploymentReadyOption",
                                            Match.objectLike(Map.of("WaitTimeInMinutes", ref("Approval"))))))));
            template.hasResourceProperties(
                    "AWS::CodeDeploy::DeploymentConfig",
                    Match.objectLike(Map.of(
                            "TrafficRoutingConfig",
                            Map.of(
                                    "Type",
                                    "TimeBasedCanary",
                                    "TimeBasedCanary",
                                    Map.of(
                                            "CanaryPercentage",
                                            ref("Canary"),
                                            "CanaryInterval",
                                            ref("CanaryInterval"))))));
        }

        @Test
        @SuppressWarnings("unchecked")
        void letsAPipelineAccountTokenIntoTheTrustPolicies() {
            assertThat(template.findResources("AWS::IAM::Role").values()).anySatisfy(r -> assertThat(
                            String.valueOf(((Map<String, Object>) r.get("Properties")).get("AssumeRolePolicyDocument")))
                    .contains(ref("PipelineAccount").toString()));
        }

        @Test
        void failsEarlyOnATokenTerminationWaitInSeconds() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> Fixtures.blueGreen(
                            stack, s -> {}, b -> b.terminationWaitTime(Duration.seconds(number(stack, "Wait")))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/BlueGreen: terminationWaitTime is a token, so it must be built "
                            + "with Duration.minutes(token)");
        }

        @Test
        void failsEarlyOnATokenLatencyInMilliseconds() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> Fixtures.blueGreen(
                            stack, s -> {}, b -> b.latencyThreshold(Duration.millis(number(stack, "Latency")))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("latencyThreshold is a token, so it must be built with Duration.seconds");
        }
    }

    @Nested
    class NativeBlueGreenServiceTokens {
        private static Template template;

        @BeforeAll
        static void synth() {
            Stack stack = TestApps.stack();
            Fixtures.nativeBlueGreen(stack, b -> b.serviceName(string(stack, "ServiceName"))
                    .bakeTime(Duration.minutes(number(stack, "Bake")))
                    .testListenerPort(number(stack, "TestPort"))
                    .target5xxThreshold(number(stack, "Threshold"))
                    .latencyThreshold(Duration.seconds(number(stack, "Latency")))
                    .pipelineAccount(string(stack, "PipelineAccount")));
            template = Template.fromStack(stack);
        }

        @Test
        void keepsTheBakeTimeATokenInTheServicesDeploymentConfiguration() {
            template.hasResourceProperties(
                    "AWS::ECS::Service",
                    Match.objectLike(Map.of(
                            "DeploymentConfiguration", Match.objectLike(Map.of("BakeTimeInMinutes", ref("Bake"))))));
        }

        @Test
        void keepsTheTestListenerPortATokenInTheListener() {
            template.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of("Port", ref("TestPort"))));
            assertThat(template.toJSON().toString()).doesNotContain("-2147483648");
        }

        @Test
        void keepsAlarmThresholdTokens() {
            assertAlarmThresholdTokens(template);
        }

        @Test
        @SuppressWarnings("unchecked")
        void letsServiceNameAndPipelineAccountTokensIntoTheReaderRole() {
            // The reader role is named after the service (<serviceName>-taskdef-<region>) and trusts the pipeline's
            // account: both tokens must reach the role itself.
            Map<String, Object> reader = template.findResources("AWS::IAM::Role").values().stream()
                    .map(r -> (Map<String, Object>) r.get("Properties"))
                    .filter(p -> String.valueOf(p.get("RoleName"))
                            .contains(ref("ServiceName").toString()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no role named after the ServiceName parameter"));
            assertThat(String.valueOf(reader.get("AssumeRolePolicyDocument")))
                    .contains(ref("PipelineAccount").toString());
        }
    }

    @Nested
    class NameTokens {
        @Test
        void keepsContainerAndServiceNameTokens() {
            Stack stack = TestApps.stack();
            Fixtures.blueGreen(
                    stack,
                    s -> s.containerName(string(stack, "Container")),
                    b -> b.serviceName(string(stack, "ServiceName")));
            Template t = Template.fromStack(stack);
            t.hasResourceProperties(
                    "AWS::ECS::TaskDefinition",
                    Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of("Name", ref("Container"))))));
            t.hasResourceProperties(
                    "AWS::ECS::Service",
                    Match.objectLike(Map.of(
                            "LoadBalancers", List.of(Match.objectLike(Map.of("ContainerName", ref("Container")))))));
            t.hasResourceProperties(
                    "AWS::CodeDeploy::Application",
                    Map.of("ApplicationName", ref("ServiceName"), "ComputePlatform", "ECS"));
            t.hasResourceProperties(
                    "AWS::CodeDeploy::DeploymentGroup",
                    Match.objectLike(Map.of("DeploymentGroupName", ref("ServiceName"))));
        }

        @Test
        void keepsAReplicationRegionToken() {
            Stack stack = TestApps.stack();
            software.amazon.awscdk.services.ec2.Vpc vpc = software.amazon.awscdk.services.ec2.Vpc.Builder.create(
                            stack, "Vpc")
                    .maxAzs(2)
                    .natGateways(0)
                    .build();
            io.github.securefargate.storage.LifecycleFileSystem.Builder.create(stack, "Data")
                    .vpc(vpc)
                    .replicationRegion(string(stack, "DrRegion"))
                    .build();
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::EFS::FileSystem",
                            Match.objectLike(Map.of(
                                    "ReplicationConfiguration",
                                    Map.of(
                                            "Destinations",
                                            List.of(Match.objectLike(Map.of("Region", ref("DrRegion"))))))));
        }
    }

    @Nested
    class LifecycleFileSystemTokens {
        private static io.github.securefargate.storage.LifecycleFileSystem.Builder provisioned(final Stack stack) {
            software.amazon.awscdk.services.ec2.Vpc vpc = software.amazon.awscdk.services.ec2.Vpc.Builder.create(
                            stack, "Vpc")
                    .maxAzs(2)
                    .natGateways(0)
                    .build();
            return io.github.securefargate.storage.LifecycleFileSystem.Builder.create(stack, "Data")
                    .vpc(vpc)
                    .throughputMode(software.amazon.awscdk.services.efs.ThroughputMode.PROVISIONED);
        }

        @Test
        void keepsAThroughputTokenInMebibytes() {
            Stack stack = TestApps.stack();
            provisioned(stack)
                    .provisionedThroughputPerSecond(software.amazon.awscdk.Size.mebibytes(number(stack, "Throughput")))
                    .build();
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::EFS::FileSystem",
                            Match.objectLike(Map.of("ProvisionedThroughputInMibps", ref("Throughput"))));
        }

        @Test
        void failsEarlyOnAThroughputTokenInGibibytes() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> provisioned(stack)
                            .provisionedThroughputPerSecond(
                                    software.amazon.awscdk.Size.gibibytes(number(stack, "Throughput")))
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/Data: provisionedThroughputPerSecond is a token, so it must be "
                            + "built with Size.mebibytes(token)");
        }
    }

    @Nested
    class ToolchainTokens {
        @Test
        void keepsPipelineNameAndCliVersionTokens() {
            Stack stack = TestApps.stack();
            Fixtures.toolchain(stack, b -> b.pipelineName(string(stack, "PipelineName"))
                    .cliVersion(string(stack, "CliVersion"))
                    .addStage(
                            "UAT",
                            software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig.ALL_AT_ONCE,
                            software.amazon.awscdk.Environment.builder()
                                    .account("333333333333")
                                    .region("eu-west-1")
                                    .build()));
            Template t = Template.fromStack(stack);
            t.hasResourceProperties(
                    "AWS::CodePipeline::Pipeline", Match.objectLike(Map.of("Name", ref("PipelineName"))));
            assertThat(t.toJSON().toString()).contains("{Ref=CliVersion}");
        }
    }

    @Nested
    class EncryptedTopicTokens {
        @Test
        void keepsADisplayNameToken() {
            Stack stack = TestApps.stack();
            new EncryptedTopic(
                    stack,
                    "Topic",
                    EncryptedTopicProps.builder()
                            .displayName(string(stack, "DisplayName"))
                            .alertEmails(List.of(string(stack, "Email")))
                            .build());
            Template template = Template.fromStack(stack);
            template.hasResourceProperties(
                    "AWS::SNS::Topic", Match.objectLike(Map.of("DisplayName", ref("DisplayName"))));
            template.hasResourceProperties(
                    "AWS::SNS::Subscription", Match.objectLike(Map.of("Endpoint", ref("Email"), "Protocol", "email")));
        }
    }
}
