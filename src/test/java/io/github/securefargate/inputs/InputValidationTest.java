package io.github.securefargate.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.notifications.EncryptedTopic;
import io.github.securefargate.notifications.EncryptedTopicProps;
import io.github.securefargate.pipeline.Toolchain;
import io.github.securefargate.pipeline.ToolchainStage;
import io.github.securefargate.service.SecureFargateService;
import io.github.securefargate.storage.LifecycleFileSystem;
import io.github.securefargate.testing.TestApps;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.TimeBasedCanaryTrafficRoutingProps;
import software.amazon.awscdk.services.codedeploy.TimeBasedLinearTrafficRoutingProps;
import software.amazon.awscdk.services.codedeploy.TrafficRouting;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.BucketEncryption;

/**
 * One table per construct: each row is a bad value with the parts its message must name (construct path, prop, what
 * is allowed, what was given), tagged with the class of issue 11 it belongs to, and the good neighbours right at the
 * boundary, which must synthesize with the value in the template. Token rows live in {@link TokensTest}.
 */
class InputValidationTest {
    private static String repeat(final char c, final int n) {
        return String.valueOf(c).repeat(n);
    }

    private static Arguments row(final String what, final Object config, final String... message) {
        return Arguments.of(what, config, List.of(message));
    }

    private static Arguments good(final String what, final Object config, final Consumer<Template> check) {
        return Arguments.of(what, config, check);
    }

    private static void assertMessage(final AbstractThrowableAssert<?, ?> thrown, final List<String> parts) {
        thrown.isInstanceOf(ValidationException.class);
        parts.forEach(thrown::hasMessageContaining);
    }

    @Nested
    class SecureFargateServiceInputs {
        static Stream<Arguments> bad() {
            return Stream.of(
                    row(
                            "2: CIDR mask over 32",
                            (Consumer<SecureFargateService.Builder>)
                                    b -> b.ingressPeers(List.of(Peer.ipv4("10.0.0.0/33"))),
                            "TestStack/Service: ingressPeers must contain IPv4 CIDR ranges",
                            "got '10.0.0.0/33'",
                            "mask 0-32"),
                    row(
                            "2: CIDR octet over 255",
                            (Consumer<SecureFargateService.Builder>)
                                    b -> b.ingressPeers(List.of(Peer.ipv4("10.256.0.0/16"))),
                            "each octet is 0-255",
                            "got '10.256.0.0/16'"),
                    row(
                            "2: container name with a space",
                            (Consumer<SecureFargateService.Builder>) b -> b.containerName("web app"),
                            "TestStack/Service: containerName must be 1-255 letters, " + "digits, '-' or '_'",
                            "got 'web app'"),
                    row(
                            "2: container name with a dot",
                            (Consumer<SecureFargateService.Builder>) b -> b.containerName("web.app"),
                            "containerName",
                            "got 'web.app'"),
                    row(
                            "2: container name of 256 characters",
                            (Consumer<SecureFargateService.Builder>) b -> b.containerName(repeat('a', 256)),
                            "containerName must be 1-255"),
                    row(
                            "2: fractional ephemeral storage",
                            (Consumer<SecureFargateService.Builder>) b -> b.ephemeralStorageGiB(21.5),
                            "TestStack/Service: ephemeralStorageGiB must be a whole "
                                    + "number between 21 and 200, got 21.5"),
                    row(
                            "2: ephemeral storage over 200",
                            (Consumer<SecureFargateService.Builder>) b -> b.ephemeralStorageGiB(201),
                            "ephemeralStorageGiB must be between 21 and 200, got 201"),
                    row(
                            "2: health-check path over 1024 characters",
                            (Consumer<SecureFargateService.Builder>) b -> b.healthCheckPath("/" + repeat('a', 1024)),
                            "TestStack/Service: healthCheckPath must be at " + "most 1024 characters, got 1025"),
                    row(
                            "2: EXTERNAL deployment controller",
                            (Consumer<SecureFargateService.Builder>)
                                    b -> b.deploymentController(DeploymentControllerType.EXTERNAL),
                            "TestStack/Service: " + "deploymentController must be ECS or CODE_DEPLOY, got EXTERNAL"),
                    row(
                            "2: container port 0",
                            (Consumer<SecureFargateService.Builder>) b -> b.containerPort(0),
                            "containerPort must be between 1 and 65535, got 0"),
                    row(
                            "2: container port 65536",
                            (Consumer<SecureFargateService.Builder>) b -> b.containerPort(65536),
                            "containerPort",
                            "got 65536"),
                    row(
                            "2: fractional container port",
                            (Consumer<SecureFargateService.Builder>) b -> b.containerPort(8080.5),
                            "containerPort",
                            "got 8080.5"),
                    row(
                            "2: fractional desired count",
                            (Consumer<SecureFargateService.Builder>) b -> b.desiredCount(1.5),
                            "desiredCount must be a whole number of at least 1, got 1.5"),
                    row(
                            "2: fractional healthy threshold",
                            (Consumer<SecureFargateService.Builder>) b -> b.healthyThresholdCount(2.5),
                            "healthyThresholdCount",
                            "between 2 and 10, got 2.5"),
                    row(
                            "2: unhealthy threshold of 11",
                            (Consumer<SecureFargateService.Builder>) b -> b.unhealthyThresholdCount(11),
                            "unhealthyThresholdCount must be between 2 and 10, got 11"),
                    row(
                            "3: interval of 5.5 s (aws-cdk-lib cannot render it)",
                            (Consumer<SecureFargateService.Builder>) b -> b.healthCheckInterval(Duration.millis(5500)),
                            "TestStack/Service: "
                                    + "healthCheckInterval must be a whole number of seconds between 5 and 300, got 5 seconds 500 "
                                    + "millis"),
                    row(
                            "3: grace period of 1.5 s",
                            (Consumer<SecureFargateService.Builder>)
                                    b -> b.healthCheckGracePeriod(Duration.millis(1500)),
                            "healthCheckGracePeriod must be a whole " + "number of seconds"));
        }

        @ParameterizedTest(name = "rejects {0}")
        @MethodSource("bad")
        void rejects(
                final String what, final Consumer<SecureFargateService.Builder> config, final List<String> message) {
            assertMessage(assertThatThrownBy(() -> Fixtures.service(TestApps.stack(), config)), message);
        }

        @Test
        void rejectsAnAccessLogsBucketWithSseKms() {
            Stack stack = TestApps.stack();
            Bucket kms = Bucket.Builder.create(stack, "Logs")
                    .encryption(BucketEncryption.KMS)
                    .build();
            assertMessage(
                    assertThatThrownBy(() -> Fixtures.service(stack, b -> b.accessLogsBucket(kms))),
                    List.of(
                            "TestStack/Service: accessLogsBucket must be encrypted with SSE-S3",
                            "got TestStack/Logs with " + "aws:kms"));
        }

        @Test
        void rejectsAnAccessLogsBucketWithTheAwsManagedKmsKey() {
            Stack stack = TestApps.stack();
            Bucket kms = Bucket.Builder.create(stack, "Logs")
                    .encryption(BucketEncryption.KMS_MANAGED)
                    .build();
            assertMessage(
                    assertThatThrownBy(() -> Fixtures.service(stack, b -> b.accessLogsBucket(kms))),
                    List.of("accessLogsBucket must be encrypted with SSE-S3", "aws:kms"));
        }

        @Test
        void rejectsAStackRegionInUpperCase() {
            Stack stack = new Stack(
                    TestApps.app(),
                    "Upper",
                    StackProps.builder()
                            .env(Environment.builder()
                                    .account("111111111111")
                                    .region("EU-WEST-1")
                                    .build())
                            .build());
            assertMessage(
                    assertThatThrownBy(() -> Fixtures.service(stack, b -> {})),
                    List.of("Upper/Service: env.region must be a Region name such as eu-west-1", "got 'EU-WEST-1'"));
        }

        @Test
        void rejectsAnAsymmetricLogKey() {
            Stack stack = TestApps.stack();
            Key rsa = Key.Builder.create(stack, "Rsa")
                    .keySpec(KeySpec.RSA_2048)
                    .keyUsage(KeyUsage.SIGN_VERIFY)
                    .build();
            assertMessage(
                    assertThatThrownBy(() -> Fixtures.service(stack, b -> b.logKey(rsa))),
                    List.of(
                            "TestStack/Service: logKey must be a symmetric encryption key (KeySpec.SYMMETRIC_DEFAULT), got "
                                    + "TestStack/Rsa with key spec RSA_2048"));
        }

        @Test
        void rejectsAnImportedAccessLogsBucketWithAKey() {
            Stack stack = TestApps.stack();
            var imported = Bucket.fromBucketAttributes(
                    stack,
                    "Logs",
                    BucketAttributes.builder()
                            .bucketName("logs")
                            .encryptionKey(Key.Builder.create(stack, "Key").build())
                            .build());
            assertMessage(
                    assertThatThrownBy(() -> Fixtures.service(stack, b -> b.accessLogsBucket(imported))),
                    List.of("accessLogsBucket must be encrypted with SSE-S3"));
        }

        static Stream<Arguments> goodNeighbours() {
            return Stream.of(
                    good(
                            "CIDR /32 with octets 255",
                            (Consumer<SecureFargateService.Builder>) b ->
                                    b.ingressPeers(List.of(Peer.ipv4("255.255.255.255/32"), Peer.ipv4("10.0.0.0/0"))),
                            t -> t.hasResourceProperties(
                                    "AWS::EC2::SecurityGroup",
                                    Match.objectLike(Map.of(
                                            "SecurityGroupIngress",
                                            Match.arrayWith(List.of(
                                                    Match.objectLike(Map.of("CidrIp", "255.255.255.255/32")))))))),
                    good(
                            "container name of 255 characters with '-' and '_'",
                            (Consumer<SecureFargateService.Builder>) b -> b.containerName("a-b_" + repeat('c', 251)),
                            t -> t.hasResourceProperties(
                                    "AWS::ECS::TaskDefinition",
                                    Map.of(
                                            "ContainerDefinitions",
                                            List.of(Match.objectLike(Map.of("Name", "a-b_" + repeat('c', 251))))))),
                    good(
                            "ephemeral storage 21 and port 1",
                            (Consumer<SecureFargateService.Builder>)
                                    b -> b.ephemeralStorageGiB(21).containerPort(1),
                            t -> t.hasResourceProperties(
                                    "AWS::ECS::TaskDefinition",
                                    Match.objectLike(Map.of("EphemeralStorage", Map.of("SizeInGiB", 21))))),
                    good(
                            "ephemeral storage 200.0 and port 65535.0",
                            (Consumer<SecureFargateService.Builder>)
                                    b -> b.ephemeralStorageGiB(200.0).containerPort(65535.0),
                            t -> t.hasResourceProperties(
                                    "AWS::ElasticLoadBalancingV2::TargetGroup",
                                    Match.objectLike(Map.of("Port", 65535)))),
                    good(
                            "health-check path of 1024 characters",
                            (Consumer<SecureFargateService.Builder>) b -> b.healthCheckPath("/" + repeat('a', 1023)),
                            t -> t.hasResourceProperties(
                                    "AWS::ElasticLoadBalancingV2::TargetGroup",
                                    Match.objectLike(Map.of("HealthCheckPath", "/" + repeat('a', 1023))))),
                    good(
                            "interval of 5000 ms (whole seconds)",
                            (Consumer<SecureFargateService.Builder>) b -> b.healthCheckInterval(Duration.millis(5000))
                                    .healthCheckTimeout(Duration.seconds(2)),
                            t -> t.hasResourceProperties(
                                    "AWS::ElasticLoadBalancingV2::TargetGroup",
                                    Match.objectLike(
                                            Map.of("HealthCheckIntervalSeconds", 5, "HealthCheckTimeoutSeconds", 2)))),
                    good(
                            "CODE_DEPLOY controller",
                            (Consumer<SecureFargateService.Builder>)
                                    b -> b.deploymentController(DeploymentControllerType.CODE_DEPLOY),
                            t -> t.hasResourceProperties(
                                    "AWS::ECS::Service",
                                    Match.objectLike(Map.of("DeploymentController", Map.of("Type", "CODE_DEPLOY"))))));
        }

        @ParameterizedTest(name = "accepts {0}")
        @MethodSource("goodNeighbours")
        void accepts(
                final String what,
                final Consumer<SecureFargateService.Builder> config,
                final Consumer<Template> check) {
            Stack stack = TestApps.stack();
            Fixtures.service(stack, config);
            check.accept(Template.fromStack(stack));
        }

        @Test
        void acceptsAnSseS3AccessLogsBucket() {
            Stack stack = TestApps.stack();
            Bucket logs = Bucket.Builder.create(stack, "Logs")
                    .encryption(BucketEncryption.S3_MANAGED)
                    .build();
            Fixtures.service(stack, b -> b.accessLogsBucket(logs));
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::ElasticLoadBalancingV2::LoadBalancer",
                            Match.objectLike(Map.of(
                                    "LoadBalancerAttributes",
                                    Match.arrayWith(List.of(Map.of(
                                            "Key",
                                            "access_logs.s3.bucket",
                                            "Value",
                                            Map.of("Ref", stack.getLogicalId((software.amazon.awscdk.CfnElement)
                                                    logs.getNode().getDefaultChild()))))))));
        }
    }

    @Nested
    class BlueGreenServiceInputs {
        private static TrafficRouting canary(final Number percentage, final Duration interval) {
            return TrafficRouting.timeBasedCanary(TimeBasedCanaryTrafficRoutingProps.builder()
                    .percentage(percentage)
                    .interval(interval)
                    .build());
        }

        private static TrafficRouting linear(final Number percentage, final Duration interval) {
            return TrafficRouting.timeBasedLinear(TimeBasedLinearTrafficRoutingProps.builder()
                    .percentage(percentage)
                    .interval(interval)
                    .build());
        }

        static Stream<Arguments> bad() {
            return Stream.of(
                    row(
                            "2: pipeline account of 5 digits",
                            (Consumer<BlueGreenService.Builder>) b -> b.pipelineAccount("12345"),
                            "TestStack/BlueGreen: pipelineAccount must be a 12-digit AWS " + "account id, got '12345'"),
                    row(
                            "2: pipeline account of 13 digits",
                            (Consumer<BlueGreenService.Builder>) b -> b.pipelineAccount("1234567890123"),
                            "pipelineAccount",
                            "got '1234567890123'"),
                    row(
                            "2: pipeline account with a letter",
                            (Consumer<BlueGreenService.Builder>) b -> b.pipelineAccount("12345678901a"),
                            "pipelineAccount",
                            "got '12345678901a'"),
                    row(
                            "2: canary of 0 %",
                            (Consumer<BlueGreenService.Builder>) b -> b.trafficRouting(canary(0, Duration.minutes(5))),
                            "TestStack/BlueGreen: " + "trafficRouting.percentage must be between 1 and 99, got 0"),
                    row(
                            "2: canary of 100 %",
                            (Consumer<BlueGreenService.Builder>)
                                    b -> b.trafficRouting(canary(100, Duration.minutes(5))),
                            "trafficRouting.percentage",
                            "got 100"),
                    row(
                            "2: canary of 10.5 %",
                            (Consumer<BlueGreenService.Builder>)
                                    b -> b.trafficRouting(canary(10.5, Duration.minutes(5))),
                            "trafficRouting.percentage",
                            "got 10.5"),
                    row(
                            "2: linear interval of 0 minutes",
                            (Consumer<BlueGreenService.Builder>) b -> b.trafficRouting(linear(10, Duration.minutes(0))),
                            "trafficRouting.interval must be " + "between 1 and 2880 minutes"),
                    row(
                            "2: linear interval of 2881 minutes",
                            (Consumer<BlueGreenService.Builder>)
                                    b -> b.trafficRouting(linear(10, Duration.minutes(2881))),
                            "trafficRouting.interval",
                            "2880 minutes, got 2 days 1 minute"),
                    row(
                            "3: canary interval of 90 s (not whole minutes)",
                            (Consumer<BlueGreenService.Builder>)
                                    b -> b.trafficRouting(canary(10, Duration.seconds(90))),
                            "trafficRouting.interval must be a "
                                    + "whole number of minutes between 1 and 2880, got 1 minute 30 seconds"),
                    row(
                            "3: termination wait of 90 s (not whole minutes)",
                            (Consumer<BlueGreenService.Builder>) b -> b.terminationWaitTime(Duration.seconds(90)),
                            "terminationWaitTime must be a whole number of " + "minutes between 0 and 2880"),
                    row(
                            "2: 5xx threshold of 0",
                            (Consumer<BlueGreenService.Builder>) b -> b.target5xxThreshold(0),
                            "TestStack/BlueGreen: target5xxThreshold must be at least 1, got 0"),
                    row(
                            "2: latency threshold of 0 ms",
                            (Consumer<BlueGreenService.Builder>) b -> b.latencyThreshold(Duration.millis(0)),
                            "latencyThreshold must be positive, got 0 millis"),
                    row(
                            "2: fractional test listener port",
                            (Consumer<BlueGreenService.Builder>) b -> b.testListenerPort(8443.5),
                            "testListenerPort must be a whole number between 1 and 65535, " + "got 8443.5"));
        }

        @ParameterizedTest(name = "rejects {0}")
        @MethodSource("bad")
        void rejects(final String what, final Consumer<BlueGreenService.Builder> config, final List<String> message) {
            assertMessage(assertThatThrownBy(() -> Fixtures.blueGreen(TestApps.stack(), s -> {}, config)), message);
        }

        static Stream<Arguments> goodNeighbours() {
            return Stream.of(
                    good(
                            "canary of 1 % for 1 minute, pipeline account of 12 digits",
                            (Consumer<BlueGreenService.Builder>) b -> b.trafficRouting(canary(1, Duration.minutes(1)))
                                    .pipelineAccount("123456789012"),
                            t -> {
                                t.hasResourceProperties(
                                        "AWS::CodeDeploy::DeploymentConfig",
                                        Match.objectLike(Map.of(
                                                "TrafficRoutingConfig",
                                                Map.of(
                                                        "Type",
                                                        "TimeBasedCanary",
                                                        "TimeBasedCanary",
                                                        Map.of("CanaryPercentage", 1, "CanaryInterval", 1)))));
                                assertThat(t.toJSON().toString()).contains(":iam::123456789012:root");
                            }),
                    good(
                            "linear of 99 % every 2880 minutes (given in hours)",
                            (Consumer<BlueGreenService.Builder>) b -> b.trafficRouting(linear(99, Duration.hours(48))),
                            t -> t.hasResourceProperties(
                                    "AWS::CodeDeploy::DeploymentConfig",
                                    Match.objectLike(Map.of(
                                            "TrafficRoutingConfig",
                                            Map.of(
                                                    "Type",
                                                    "TimeBasedLinear",
                                                    "TimeBasedLinear",
                                                    Map.of("LinearPercentage", 99, "LinearInterval", 2880)))))),
                    good(
                            "termination wait of 0 and 2880 minutes approval",
                            (Consumer<BlueGreenService.Builder>) b -> b.terminationWaitTime(Duration.minutes(0))
                                    .deploymentApprovalWaitTime(Duration.minutes(2880)),
                            t -> t.hasResourceProperties(
                                    "AWS::CodeDeploy::DeploymentGroup",
                                    Match.objectLike(Map.of(
                                            "BlueGreenDeploymentConfiguration",
                                            Match.objectLike(Map.of(
                                                    "TerminateBlueInstancesOnDeploymentSuccess",
                                                    Match.objectLike(Map.of("TerminationWaitTimeInMinutes", 0)))))))),
                    good(
                            "5xx threshold 1 and latency 1 ms",
                            (Consumer<BlueGreenService.Builder>)
                                    b -> b.target5xxThreshold(1).latencyThreshold(Duration.millis(1)),
                            t -> {
                                t.hasResourceProperties(
                                        "AWS::CloudWatch::Alarm",
                                        Match.objectLike(
                                                Map.of("MetricName", "HTTPCode_Target_5XX_Count", "Threshold", 1)));
                                t.hasResourceProperties(
                                        "AWS::CloudWatch::Alarm",
                                        Match.objectLike(
                                                Map.of("MetricName", "TargetResponseTime", "Threshold", 0.001)));
                            }),
                    good(
                            "test listener port 65535.0",
                            (Consumer<BlueGreenService.Builder>) b -> b.testListenerPort(65535.0),
                            t -> t.hasResourceProperties(
                                    "AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of("Port", 65535)))));
        }

        @ParameterizedTest(name = "accepts {0}")
        @MethodSource("goodNeighbours")
        void accepts(
                final String what, final Consumer<BlueGreenService.Builder> config, final Consumer<Template> check) {
            Stack stack = TestApps.stack();
            Fixtures.blueGreen(stack, s -> {}, config);
            check.accept(Template.fromStack(stack));
        }
    }

    @Nested
    class ToolchainInputs {
        private static Environment env(final String account, final String region) {
            return Environment.builder().account(account).region(region).build();
        }

        private static Toolchain toolchain(final Stack stack, final Function<Toolchain.Builder, Toolchain.Builder> c) {
            return Fixtures.toolchain(stack, c);
        }

        private static Function<Toolchain.Builder, Toolchain.Builder> stage(final String name, final Environment env) {
            return b -> b.addStage(name, EcsDeploymentConfig.ALL_AT_ONCE, env);
        }

        static Stream<Arguments> bad() {
            Environment uat = env("333333333333", "eu-west-1");
            return Stream.of(
                    row(
                            "3: stage name with an underscore (CloudFormation stack names have none)",
                            stage("my_stage", uat),
                            "TestStack/Toolchain: stages[].name must be 1-64 letters, digits "
                                    + "or '-', starting with a letter",
                            "no '_'",
                            "got 'my_stage'"),
                    row("3: stage name starting with a digit", stage("1uat", uat), "stages[].name", "got '1uat'"),
                    row(
                            "3: stage name of 65 characters",
                            stage("U" + repeat('a', 64), uat),
                            "stages[].name must be " + "1-64"),
                    row(
                            "2: stage account of 5 digits",
                            stage("UAT", env("33333", "eu-west-1")),
                            "TestStack/Toolchain: stages[UAT].env.account must be a 12-digit AWS account id, got "
                                    + "'33333'"),
                    row(
                            "3: stage Region in upper case",
                            stage("UAT", env("333333333333", "EU-WEST-1")),
                            "stages[UAT].env.region must be a Region name such as eu-west-1",
                            "got 'EU-WEST-1'"),
                    row(
                            "3: stage Region with underscores",
                            stage("UAT", env("333333333333", "eu_west_1")),
                            "stages[UAT].env.region",
                            "got 'eu_west_1'"),
                    row(
                            "3: pipeline name with a space",
                            (Function<Toolchain.Builder, Toolchain.Builder>)
                                    b -> stage("UAT", uat).apply(b.pipelineName("my pipeline")),
                            "TestStack/Toolchain: pipelineName must "
                                    + "be 1-100 letters, digits, '.', '@', '-' or '_' (no spaces), got 'my pipeline'"),
                    row(
                            "3: pipeline name of 101 characters",
                            (Function<Toolchain.Builder, Toolchain.Builder>)
                                    b -> stage("UAT", uat).apply(b.pipelineName(repeat('p', 101))),
                            "pipelineName must be 1-100"),
                    row(
                            "2: CLI 3.x",
                            (Function<Toolchain.Builder, Toolchain.Builder>)
                                    b -> stage("UAT", uat).apply(b.cliVersion("3.0.0")),
                            "TestStack/Toolchain: cliVersion must be an exact 2.x "
                                    + "version of the AWS CDK CLI, 2.1134.0 or later",
                            "3.x cannot read",
                            "got '3.0.0'"),
                    row(
                            "2: CLI older than the cloud assembly",
                            (Function<Toolchain.Builder, Toolchain.Builder>)
                                    b -> stage("UAT", uat).apply(b.cliVersion("2.1000.0")),
                            "cliVersion",
                            "got '2.1000.0'"),
                    row(
                            "2: floating CLI version",
                            (Function<Toolchain.Builder, Toolchain.Builder>)
                                    b -> stage("UAT", uat).apply(b.cliVersion("latest")),
                            "cliVersion",
                            "got 'latest'"),
                    row(
                            "2: floating cdk-assets version",
                            (Function<Toolchain.Builder, Toolchain.Builder>)
                                    b -> stage("UAT", uat).apply(b.cdkAssetsVersion("^4.7.3")),
                            "TestStack/Toolchain: " + "cdkAssetsVersion must be an exact version such as 4.7.3",
                            "got '^4.7.3'"),
                    row(
                            "3: wave name with a space (a CodePipeline stage name)",
                            (Function<Toolchain.Builder, Toolchain.Builder>) b -> b.addStage(ToolchainStage.builder()
                                    .name("UAT")
                                    .env(uat)
                                    .wave("wave one")
                                    .build()),
                            "TestStack/Toolchain: "
                                    + "stages[UAT].wave must be 1-100 letters, digits, '.', '@', '-' or '_'",
                            "got 'wave one'"));
        }

        @ParameterizedTest(name = "rejects {0}")
        @MethodSource("bad")
        void rejects(
                final String what,
                final Function<Toolchain.Builder, Toolchain.Builder> config,
                final List<String> message) {
            assertMessage(assertThatThrownBy(() -> toolchain(TestApps.stack(), config)), message);
        }

        @Test
        void rejectsAServiceWhoseContainerPortIsAToken() {
            Stack stack = TestApps.stack();
            assertMessage(
                    assertThatThrownBy(() -> Toolchain.Builder.create(stack, "Toolchain")
                            .source(software.amazon.awscdk.pipelines.CodePipelineSource.connection(
                                    "org/repo",
                                    "main",
                                    software.amazon.awscdk.pipelines.ConnectionSourceOptions.builder()
                                            .connectionArn(
                                                    "arn:aws:codeconnections:eu-west-1:111111111111:connection/x")
                                            .build()))
                            .serviceStage((stage, settings) -> {
                                Stack service = new Stack(stage, "Service");
                                Number port = software.amazon.awscdk.CfnParameter.Builder.create(service, "Port")
                                        .type("Number")
                                        .build()
                                        .getValueAsNumber();
                                return Fixtures.blueGreen(
                                        service,
                                        s -> s.containerPort(port),
                                        b -> b.pipelineAccount(stack.getAccount()));
                            })
                            .addStage("UAT", EcsDeploymentConfig.ALL_AT_ONCE, env("333333333333", "eu-west-1"))
                            .build()),
                    List.of(
                            "TestStack/Toolchain: serviceStage must return a service whose container "
                                    + "name and port are known at synth time (the release step writes them into appspec.yaml)"));
        }

        @Test
        void rejectsAToolchainStackWithAMalformedAccount() {
            Stack stack = new Stack(
                    TestApps.app(),
                    "Tools",
                    StackProps.builder().env(env("1111", "eu-west-1")).build());
            assertMessage(
                    assertThatThrownBy(() -> toolchain(stack, stage("UAT", env("333333333333", "eu-west-1")))),
                    List.of("Tools/Toolchain: scope.env.account must be a 12-digit AWS account id, got '1111'"));
        }

        @Test
        void rejectsAToolchainStackWithAnUpperCaseRegion() {
            Stack stack = new Stack(
                    TestApps.app(),
                    "Tools",
                    StackProps.builder().env(env("111111111111", "Eu-West-1")).build());
            assertMessage(
                    assertThatThrownBy(() -> toolchain(stack, stage("UAT", env("333333333333", "eu-west-1")))),
                    List.of("Tools/Toolchain: scope.env.region must be a Region name", "got 'Eu-West-1'"));
        }

        @Test
        void acceptsBoundaryNamesRegionsAndVersions() {
            Stack stack = TestApps.stack();
            String longStage = "P" + repeat('-', 1) + repeat('a', 62);
            toolchain(stack, b -> b.pipelineName("a.b@c-d_" + repeat('e', 92))
                    .cliVersion("2.1134.0")
                    .cdkAssetsVersion("4.7.3")
                    .addStage("U", EcsDeploymentConfig.ALL_AT_ONCE, env("333333333333", "eu-central-2"))
                    .addStage(longStage, EcsDeploymentConfig.ALL_AT_ONCE, env("444444444444", "ap-southeast-5")));
            Template t = Template.fromStack(stack);
            t.hasResourceProperties(
                    "AWS::CodePipeline::Pipeline",
                    Match.objectLike(Map.of(
                            "Name",
                            "a.b@c-d_" + repeat('e', 92),
                            "Stages",
                            Match.arrayWith(List.of(
                                    Match.objectLike(Map.of("Name", "U")),
                                    Match.objectLike(Map.of("Name", longStage)))))));
            assertThat(t.toJSON().toString()).contains("aws-cdk@2.1134.0");
        }
    }

    @Nested
    class EncryptedTopicInputs {
        @Test
        void rejectsADisplayNameOver100Characters() {
            assertMessage(
                    assertThatThrownBy(() -> new EncryptedTopic(
                            TestApps.stack(),
                            "Topic",
                            EncryptedTopicProps.builder()
                                    .displayName(repeat('d', 101))
                                    .build())),
                    List.of("TestStack/Topic: displayName must be at most 100 characters, got 101"));
        }

        @Test
        void rejectsAnAsymmetricKey() {
            Stack stack = TestApps.stack();
            Key rsa = Key.Builder.create(stack, "Rsa")
                    .keySpec(KeySpec.RSA_2048)
                    .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                    .build();
            assertMessage(
                    assertThatThrownBy(() -> new EncryptedTopic(
                            stack,
                            "Topic",
                            EncryptedTopicProps.builder().key(rsa).build())),
                    List.of(
                            "TestStack/Topic: key must be a "
                                    + "symmetric encryption key (KeySpec.SYMMETRIC_DEFAULT), got TestStack/Rsa with key spec RSA_2048"));
        }

        @Test
        void rejectsAnHmacKey() {
            Stack stack = TestApps.stack();
            Key hmac = Key.Builder.create(stack, "Hmac")
                    .keySpec(KeySpec.HMAC_256)
                    .keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
                    .build();
            assertMessage(
                    assertThatThrownBy(() -> new EncryptedTopic(
                            stack,
                            "Topic",
                            EncryptedTopicProps.builder().key(hmac).build())),
                    List.of("key must be a symmetric encryption " + "key", "HMAC_256"));
        }

        @Test
        void acceptsADisplayNameOf100CharactersAndASymmetricKey() {
            Stack stack = TestApps.stack();
            Key key = Key.Builder.create(stack, "Own").build();
            new EncryptedTopic(
                    stack,
                    "Topic",
                    EncryptedTopicProps.builder()
                            .displayName(repeat('d', 100))
                            .key(key)
                            .build());
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::SNS::Topic",
                            Map.of(
                                    "DisplayName", repeat('d', 100),
                                    "KmsMasterKeyId",
                                            Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^Own"), "Arn"))));
        }
    }

    @Nested
    class LifecycleFileSystemInputs {
        @Test
        void rejectsASecurityGroupOfAnotherVpc() {
            Stack stack = TestApps.stack();
            Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).build();
            Vpc other =
                    Vpc.Builder.create(stack, "Other").maxAzs(2).natGateways(0).build();
            SecurityGroup sg =
                    SecurityGroup.Builder.create(stack, "OtherSg").vpc(other).build();
            assertMessage(
                    assertThatThrownBy(() -> LifecycleFileSystem.Builder.create(stack, "Data")
                            .vpc(vpc)
                            .securityGroup(sg)
                            .build()),
                    List.of("TestStack/Data: securityGroup must belong to the VPC of the "
                            + "file system (TestStack/Vpc), got TestStack/OtherSg of another VPC"));
        }

        @Test
        void rejectsASecurityGroupOfAnotherImportedVpc() {
            Stack stack = TestApps.stack();
            var vpc = Vpc.fromVpcAttributes(
                    stack,
                    "Vpc",
                    software.amazon.awscdk.services.ec2.VpcAttributes.builder()
                            .vpcId("vpc-1111")
                            .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                            .privateSubnetIds(List.of("subnet-1", "subnet-2"))
                            .build());
            var otherVpc = Vpc.fromVpcAttributes(
                    stack,
                    "Other",
                    software.amazon.awscdk.services.ec2.VpcAttributes.builder()
                            .vpcId("vpc-2222")
                            .availabilityZones(List.of("eu-west-1a"))
                            .build());
            SecurityGroup sg =
                    SecurityGroup.Builder.create(stack, "OtherSg").vpc(otherVpc).build();
            assertMessage(
                    assertThatThrownBy(() -> LifecycleFileSystem.Builder.create(stack, "Data")
                            .vpc(vpc)
                            .securityGroup(sg)
                            .build()),
                    List.of("securityGroup must belong to the VPC of the file system"));
        }

        @Test
        void rejectsAReplicationRegionInUpperCaseOrWithUnderscores() {
            for (String region : List.of("EU-CENTRAL-1", "eu_central_1")) {
                Stack stack = TestApps.stack();
                Vpc vpc = Vpc.Builder.create(stack, "Vpc")
                        .maxAzs(2)
                        .natGateways(0)
                        .build();
                assertMessage(
                        assertThatThrownBy(() -> LifecycleFileSystem.Builder.create(stack, "Data")
                                .vpc(vpc)
                                .replicationRegion(region)
                                .build()),
                        List.of(
                                "TestStack/Data: replicationRegion must be a " + "Region name such as eu-west-1",
                                "got '" + region + "'"));
            }
        }

        @Test
        void acceptsASecurityGroupOfItsVpcAndARegionOfAFourLetterArea() {
            Stack stack = TestApps.stack();
            Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).build();
            SecurityGroup sg =
                    SecurityGroup.Builder.create(stack, "Sg").vpc(vpc).build();
            LifecycleFileSystem.Builder.create(stack, "Data")
                    .vpc(vpc)
                    .securityGroup(sg)
                    .replicationRegion("eusc-de-east-1")
                    .build();
            Template t = Template.fromStack(stack);
            t.hasResourceProperties(
                    "AWS::EFS::MountTarget",
                    Match.objectLike(Map.of(
                            "SecurityGroups",
                            List.of(Map.of(
                                    "Fn::GetAtt",
                                    List.of(
                                            stack.getLogicalId((software.amazon.awscdk.CfnElement)
                                                    sg.getNode().getDefaultChild()),
                                            "GroupId"))))));
            t.hasResourceProperties(
                    "AWS::EFS::FileSystem",
                    Match.objectLike(Map.of(
                            "ReplicationConfiguration",
                            Map.of("Destinations", List.of(Match.objectLike(Map.of("Region", "eusc-de-east-1")))))));
        }
    }
}
