package io.github.securefargate.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.testing.TestApps;
import io.github.securefargate.testing.TlsOnly;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;

class SecureFargateServiceTest {
    private static final String CERT = TestApps.CERTIFICATE_ARN;

    /** A stack with a VPC and cluster; {@code customize} adjusts the service builder. */
    private static Stack stackWith(final UnaryOperator<SecureFargateService.Builder> customize) {
        Stack stack = TestApps.stack();
        build(stack, customize);
        return stack;
    }

    private static SecureFargateService build(
            final Stack stack, final UnaryOperator<SecureFargateService.Builder> customize) {
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        Cluster cluster = Cluster.Builder.create(stack, "Cluster").vpc(vpc).build();
        return customize
                .apply(SecureFargateService.Builder.create(stack, "Service")
                        .cluster(cluster)
                        .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx-unprivileged:1.27")))
                .build();
    }

    private static UnaryOperator<SecureFargateService.Builder> https(final Stack stack) {
        return b -> b.certificate(Certificate.fromCertificateArn(stack, "Cert", CERT));
    }

    @Nested
    class Defaults {
        private static Template template;
        private static SecureFargateService service;

        @BeforeAll
        static void synth() {
            Stack stack = TestApps.stack();
            service = build(stack, b -> b.certificate(Certificate.fromCertificateArn(stack, "Cert", CERT)));
            template = Template.fromStack(stack);
        }

        @Test
        void sizesTheTaskAtHalfAVcpuAndOneGiBOnLinux() {
            template.hasResourceProperties(
                    "AWS::ECS::TaskDefinition",
                    Map.of(
                            "Cpu",
                            "512",
                            "Memory",
                            "1024",
                            "NetworkMode",
                            "awsvpc",
                            "RequiresCompatibilities",
                            List.of("FARGATE"),
                            "RuntimePlatform",
                            Map.of("OperatingSystemFamily", "LINUX", "CpuArchitecture", "X86_64"),
                            "EphemeralStorage",
                            Match.absent()));
        }

        @Test
        void logsToAnEncryptedRetainedLogGroupWithRetention() {
            template.hasResource(
                    "AWS::Logs::LogGroup",
                    Map.of(
                            "Properties",
                            Map.of(
                                    "RetentionInDays",
                                    365,
                                    "KmsKeyId",
                                    Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ServiceLogKey"), "Arn"))),
                            "DeletionPolicy",
                            "Retain",
                            "UpdateReplacePolicy",
                            "Retain"));
            template.hasResourceProperties(
                    "AWS::ECS::TaskDefinition",
                    Map.of(
                            "ContainerDefinitions",
                            List.of(Match.objectLike(Map.of(
                                    "Name",
                                    "app",
                                    "Essential",
                                    true,
                                    "ReadonlyRootFilesystem",
                                    false,
                                    "PortMappings",
                                    List.of(Map.of("ContainerPort", 8080, "Protocol", "tcp", "Name", "http")),
                                    "LogConfiguration",
                                    Map.of(
                                            "LogDriver",
                                            "awslogs",
                                            "Options",
                                            Match.objectLike(Map.of(
                                                    "awslogs-group",
                                                    Map.of("Ref", Match.stringLikeRegexp("ServiceLogGroup"))))))))));
        }

        @Test
        void letsCloudWatchLogsUseTheLogKeyOnlyForThisAccountsLogGroups() {
            template.hasResourceProperties(
                    "AWS::KMS::Key",
                    Map.of(
                            "KeyPolicy",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(
                                            List.of(
                                                    Match.objectLike(
                                                            Map.of(
                                                                    "Principal",
                                                                            Map.of(
                                                                                    "Service",
                                                                                    "logs.eu-west-1.amazonaws.com"),
                                                                    "Condition",
                                                                            Map.of(
                                                                                    "ArnLike",
                                                                                    Map.of(
                                                                                            "kms:EncryptionContext:aws:logs:arn",
                                                                                            "arn:aws:logs:eu-west-1:111111111111:log-group:*")))))))));
        }

        @Test
        void keepsCapacityDuringDeploymentsAndRollsBackOnFailure() {
            template.hasResourceProperties(
                    "AWS::ECS::Service",
                    Map.of(
                            "DesiredCount",
                            2,
                            "LaunchType",
                            "FARGATE",
                            "PlatformVersion",
                            "LATEST",
                            "HealthCheckGracePeriodSeconds",
                            60,
                            "DeploymentConfiguration",
                            Map.of(
                                    "MinimumHealthyPercent", 100,
                                    "MaximumPercent", 200,
                                    "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true))));
        }

        @Test
        void runsTasksInPrivateSubnetsWithoutPublicIps() {
            template.hasResourceProperties(
                    "AWS::ECS::Service",
                    Map.of(
                            "NetworkConfiguration",
                            Map.of(
                                    "AwsvpcConfiguration",
                                    Match.objectLike(Map.of(
                                            "AssignPublicIp",
                                            "DISABLED",
                                            "Subnets",
                                            List.of(
                                                    Map.of("Ref", Match.stringLikeRegexp("VpcPrivateSubnet1")),
                                                    Map.of("Ref", Match.stringLikeRegexp("VpcPrivateSubnet2"))))))));
        }

        @Test
        void hardensTheLoadBalancer() {
            template.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::LoadBalancer",
                    Map.of(
                            "Scheme",
                            "internet-facing",
                            "LoadBalancerAttributes",
                            Match.arrayWith(List.of(
                                    Map.of("Key", "deletion_protection.enabled", "Value", "true"),
                                    Map.of("Key", "routing.http.drop_invalid_header_fields.enabled", "Value", "true"),
                                    Map.of("Key", "access_logs.s3.enabled", "Value", "true")))));
        }

        @Test
        void writesAccessLogsToAnEncryptedTlsOnlyRetainedBucket() {
            template.hasResource(
                    "AWS::S3::Bucket",
                    Map.of(
                            "Properties",
                            Match.objectLike(Map.of(
                                    "BucketEncryption",
                                            Map.of(
                                                    "ServerSideEncryptionConfiguration",
                                                    List.of(Map.of(
                                                            "ServerSideEncryptionByDefault",
                                                            Map.of("SSEAlgorithm", "AES256")))),
                                    "PublicAccessBlockConfiguration",
                                            Map.of(
                                                    "BlockPublicAcls",
                                                    true,
                                                    "BlockPublicPolicy",
                                                    true,
                                                    "IgnorePublicAcls",
                                                    true,
                                                    "RestrictPublicBuckets",
                                                    true),
                                    "VersioningConfiguration", Map.of("Status", "Enabled"))),
                            "DeletionPolicy",
                            "Retain"));
            TlsOnly.assertDenied(template, "AWS::S3::BucketPolicy");
        }

        @Test
        void servesHttpsWithTheCertificateAndRedirectsHttp() {
            template.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::Listener",
                    Map.of(
                            "Port",
                            443,
                            "Protocol",
                            "HTTPS",
                            "Certificates",
                            List.of(Map.of("CertificateArn", CERT)),
                            "SslPolicy",
                            "ELBSecurityPolicy-TLS13-1-2-2021-06"));
            template.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::Listener",
                    Map.of(
                            "Port",
                            80,
                            "Protocol",
                            "HTTP",
                            "DefaultActions",
                            List.of(Map.of(
                                    "Type",
                                    "redirect",
                                    "RedirectConfig",
                                    Map.of("Protocol", "HTTPS", "Port", "443", "StatusCode", "HTTP_301")))));
        }

        @Test
        void shiftsTrafficWithinThirtySeconds() {
            template.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::TargetGroup",
                    Map.of(
                            "TargetType",
                            "ip",
                            "Port",
                            8080,
                            "Protocol",
                            "HTTP",
                            "HealthCheckPath",
                            "/",
                            "HealthCheckIntervalSeconds",
                            10,
                            "HealthyThresholdCount",
                            2,
                            "UnhealthyThresholdCount",
                            3,
                            "HealthCheckTimeoutSeconds",
                            5,
                            "TargetGroupAttributes",
                            Match.arrayWith(
                                    List.of(Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "20")))));
            assertThat(SecureFargateService.DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS
                            * SecureFargateService.DEFAULT_HEALTHY_THRESHOLD)
                    .isLessThanOrEqualTo(30);
        }

        @Test
        void letsOnlyTheLoadBalancerReachTheContainerPort() {
            template.hasResourceProperties(
                    "AWS::EC2::SecurityGroupIngress",
                    Map.of(
                            "IpProtocol",
                            "tcp",
                            "FromPort",
                            8080,
                            "ToPort",
                            8080,
                            "GroupId",
                            Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ServiceSecurityGroup"), "GroupId")),
                            "SourceSecurityGroupId",
                            Map.of(
                                    "Fn::GetAtt",
                                    List.of(Match.stringLikeRegexp("ServiceLoadBalancerSecurityGroup"), "GroupId"))));
            template.resourcePropertiesCountIs("AWS::EC2::SecurityGroupIngress", Map.of("FromPort", 8080), 1);
            template.hasResourceProperties(
                    "AWS::EC2::SecurityGroup",
                    Map.of(
                            "GroupDescription",
                            "Load balancer of TestStack/Service",
                            "SecurityGroupIngress",
                            List.of(
                                    Match.objectLike(Map.of("CidrIp", "0.0.0.0/0", "FromPort", 443)),
                                    Match.objectLike(Map.of("CidrIp", "0.0.0.0/0", "FromPort", 80)))));
        }

        @Test
        void givesTheTaskRoleNoPermissions() {
            Map<String, Map<String, Object>> policies = template.findResources(
                    "AWS::IAM::Policy",
                    Map.of(
                            "Properties",
                            Map.of("Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("ServiceTaskRole"))))));
            assertThat(policies).isEmpty();
        }

        @Test
        void emitsNoHttpWarningWithACertificate() {
            assertThat(service.isHttps()).isTrue();
        }

        @Test
        void exposesItsParts() {
            assertThat(java.util.stream.Stream.of(
                                    service.getService(),
                                    service.getTaskDefinition(),
                                    service.getLoadBalancer(),
                                    service.getListener(),
                                    service.getRedirectListener(),
                                    service.getTargetGroup(),
                                    service.getAccessLogsBucket(),
                                    service.getLogGroup(),
                                    service.getTaskRole(),
                                    service.getExecutionRole())
                            .map(c -> c.getNode().getPath()))
                    .containsExactly(
                            "TestStack/Service/Service",
                            "TestStack/Service/TaskDefinition",
                            "TestStack/Service/LoadBalancer",
                            "TestStack/Service/LoadBalancer/Https",
                            "TestStack/Service/LoadBalancer/HttpRedirect",
                            "TestStack/Service/TargetGroup",
                            "TestStack/Service/AccessLogs",
                            "TestStack/Service/LogGroup",
                            "TestStack/Service/TaskRole",
                            "TestStack/Service/ExecutionRole");
            assertThat(service.getContainer().getContainerName()).isEqualTo("app");
            assertThat(service.getContainers()).containsExactly(service.getContainer());
            assertThat(service.getTaskRole())
                    .isSameAs(service.getGrantPrincipal())
                    .isSameAs(service.getTaskDefinition().getTaskRole());
            assertThat(service.getContainerPort()).isEqualTo(8080);
        }
    }

    /** CloudWatch Logs refuses to create a log group encrypted with a key whose policy does not let it. */
    @Nested
    class LogKey {
        private static final String IMPORTED =
                "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        @Test
        void aGivenKeyOfTheAppGetsTheCloudWatchLogsStatement() {
            Stack stack = TestApps.stack();
            Key key = Key.Builder.create(stack, "MyLogKey").build();
            build(stack, b -> https(stack).apply(b).logKey(key));
            Template t = Template.fromStack(stack);
            t.resourceCountIs("AWS::KMS::Key", 1);
            t.hasResourceProperties(
                    "AWS::KMS::Key",
                    Map.of(
                            "KeyPolicy",
                            Map.of(
                                    "Statement",
                                    Match.arrayWith(List.of(Map.of(
                                            "Sid",
                                            "AllowCloudWatchLogsForThisAccount",
                                            "Effect",
                                            "Allow",
                                            "Principal",
                                            Map.of("Service", "logs.eu-west-1.amazonaws.com"),
                                            "Action",
                                            List.of(
                                                    "kms:Decrypt*",
                                                    "kms:Describe*",
                                                    "kms:Encrypt*",
                                                    "kms:GenerateDataKey*",
                                                    "kms:ReEncrypt*"),
                                            "Resource",
                                            "*",
                                            "Condition",
                                            Map.of(
                                                    "ArnLike",
                                                    Map.of(
                                                            "kms:EncryptionContext:aws:logs:arn",
                                                            "arn:aws:logs:eu-west-1:111111111111:log-group:*"))))))));
            t.hasResourceProperties(
                    "AWS::Logs::LogGroup",
                    Map.of("KmsKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("MyLogKey"), "Arn"))));
        }

        @Test
        void anImportedKeyNeedsTheAcknowledgementAndSaysWhatToAdd() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> build(
                            stack, b -> https(stack).apply(b).logKey(Key.fromKeyArn(stack, "Imported", IMPORTED))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/Service: logKey is an imported key (" + IMPORTED + ")")
                    .hasMessageContaining("Allow logs.eu-west-1.amazonaws.com kms:Encrypt*")
                    .hasMessageContaining("log-group:*")
                    .hasMessageContaining("logKeyPolicyManagedExternally(true)");
        }

        @Test
        void theMessageForAnImportedKeyNamesAPlaceholderForAnAccountUnknownAtSynth() {
            Stack stack = new Stack(
                    TestApps.app(),
                    "AnyAccount",
                    StackProps.builder()
                            .env(Environment.builder().region(TestApps.REGION).build())
                            .build());
            assertThatThrownBy(() -> build(
                            stack, b -> https(stack).apply(b).logKey(Key.fromKeyArn(stack, "Imported", IMPORTED))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Allow logs." + TestApps.REGION + ".amazonaws.com kms:Encrypt*")
                    .hasMessageContaining("arn:<partition>:logs:" + TestApps.REGION + ":<account>:log-group:*")
                    .hasMessageNotContaining("${Token");
        }

        @Test
        void anAcknowledgedImportedKeyIsUsedAsItIs() {
            Stack stack = TestApps.stack();
            SecureFargateService s = build(stack, b -> https(stack)
                    .apply(b)
                    .logKey(Key.fromKeyArn(stack, "Imported", IMPORTED))
                    .logKeyPolicyManagedExternally(true));
            Template t = Template.fromStack(stack);
            t.resourceCountIs("AWS::KMS::Key", 0);
            t.hasResourceProperties("AWS::Logs::LogGroup", Map.of("KmsKeyId", IMPORTED));
            assertThat(s.getLogKey().getKeyArn()).isEqualTo(IMPORTED);
        }

        @Test
        void theAcknowledgementIsRejectedWhereItMeansNothing() {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> build(stack, b -> https(stack).apply(b).logKeyPolicyManagedExternally(true)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/Service: logKeyPolicyManagedExternally applies only to an "
                            + "imported logKey, got true with no key");
            Stack other = TestApps.stack();
            Key key = Key.Builder.create(other, "MyLogKey").build();
            assertThatThrownBy(() ->
                            build(other, b -> https(other).apply(b).logKey(key).logKeyPolicyManagedExternally(true)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("logKeyPolicyManagedExternally is true, but logKey TestStack/MyLogKey is "
                            + "defined in this app");
        }
    }

    @Nested
    class Ids {
        @Test
        void statefulResourcesKeepTheirLogicalIds() {
            Stack stack = TestApps.stack();
            build(stack, https(stack));
            Template t = Template.fromStack(stack);
            assertThat(t.findResources("AWS::Logs::LogGroup")).containsOnlyKeys("ServiceLogGroupB910EE76");
            assertThat(t.findResources("AWS::KMS::Key")).containsOnlyKeys("ServiceLogKey4EF2FA13");
            assertThat(t.findResources("AWS::S3::Bucket")).containsOnlyKeys("ServiceAccessLogsC4D1116F");
        }
    }

    @Nested
    class Grants {
        @Test
        void grantsGoToTheTaskRole() {
            Stack stack = TestApps.stack();
            SecureFargateService service = build(stack, https(stack));
            Bucket data = Bucket.Builder.create(stack, "Data").build();
            data.grantRead(service);
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::IAM::Policy",
                            Map.of(
                                    "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("ServiceTaskRole"))),
                                    "PolicyDocument",
                                            Map.of(
                                                    "Statement",
                                                    List.of(Match.objectLike(Map.of(
                                                            "Action", Match.arrayWith(List.of("s3:GetObject*"))))))));
        }

        @Test
        void connectionsOpenTheTasksSecurityGroup() {
            Stack stack = TestApps.stack();
            SecureFargateService service = build(stack, https(stack));
            service.getConnections().allowFromAnyIpv4(Port.tcp(9000), "metrics");
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::EC2::SecurityGroup",
                            Map.of(
                                    "GroupDescription",
                                    "Tasks of TestStack/Service",
                                    "SecurityGroupIngress",
                                    Match.arrayWith(List.of(Match.objectLike(Map.of("FromPort", 9000))))));
        }

        @Test
        void l2GrantsToTheServiceLandOnTheTaskRole() {
            Stack stack = TestApps.stack();
            SecureFargateService service = build(stack, https(stack));
            software.amazon.awscdk.services.sqs.Queue.fromQueueArn(
                            stack, "Orders", "arn:aws:sqs:eu-west-1:111111111111:orders")
                    .grantSendMessages(service);
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::IAM::Policy",
                            Map.of(
                                    "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("ServiceTaskRole"))),
                                    "PolicyDocument",
                                            Map.of(
                                                    "Statement",
                                                    List.of(Match.objectLike(Map.of(
                                                            "Action",
                                                            Match.arrayWith(List.of("sqs:SendMessage")),
                                                            "Resource",
                                                            "arn:aws:sqs:eu-west-1:111111111111:orders"))))));
        }
    }

    @Nested
    class Settings {
        @Test
        void exposesEveryResolvedDefaultThroughTypedGetters() {
            Stack stack = TestApps.stack();
            SecureFargateService service = build(stack, https(stack));
            assertThat(service.getDeploymentController()).isEqualTo(DeploymentControllerType.ECS);
            assertThat(service.getPlatformVersion()).isEqualTo(FargatePlatformVersion.LATEST);
            assertThat(service.getCertificate()).isNotNull();
            assertThat(service.getCertificate().getCertificateArn()).isEqualTo(CERT);
            assertThat(service.getSslPolicy())
                    .isEqualTo(software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy.RECOMMENDED_TLS);
            assertThat(service.getListenerPort()).isEqualTo(443);
            assertThat(service.getRedirectPort()).isEqualTo(80);
            assertThat(service.getDeregistrationDelay().toSeconds())
                    .isEqualTo(SecureFargateService.DEFAULT_DEREGISTRATION_DELAY_SECONDS);
            assertThat(service.getHealthCheck().getPath()).isEqualTo(SecureFargateService.DEFAULT_HEALTH_CHECK_PATH);
            assertThat(service.getContainerPort()).isEqualTo(SecureFargateService.DEFAULT_CONTAINER_PORT);
        }

        @Test
        void reportsTheGivenSettingsAndNoTlsForPlainHttp() {
            Stack stack = TestApps.stack();
            SecureFargateService service =
                    build(stack, b -> b.deploymentController(DeploymentControllerType.CODE_DEPLOY)
                            .platformVersion(FargatePlatformVersion.VERSION1_4)
                            .deregistrationDelay(Duration.seconds(5)));
            assertThat(service.getDeploymentController()).isEqualTo(DeploymentControllerType.CODE_DEPLOY);
            assertThat(service.getPlatformVersion()).isEqualTo(FargatePlatformVersion.VERSION1_4);
            assertThat(service.getCertificate()).isNull();
            assertThat(service.getSslPolicy()).isNull();
            assertThat(service.getListenerPort()).isEqualTo(80);
            assertThat(service.getRedirectPort()).isNull();
            assertThat(service.getDeregistrationDelay().toSeconds()).isEqualTo(5);
            // The template says the same as the getters.
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::ECS::Service",
                            Match.objectLike(Map.of(
                                    "PlatformVersion",
                                    "1.4.0",
                                    "DeploymentController",
                                    Map.of("Type", "CODE_DEPLOY"))));
        }
    }

    @Nested
    class Compliance {
        @Test
        @SuppressWarnings("unchecked")
        void leavesTheUsersChoicesToTheUserToAcknowledge() {
            Stack stack = TestApps.stack();
            build(stack, https(stack));
            String resources =
                    Template.fromStack(stack).toJSON().get("Resources").toString();
            // An internet-facing load balancer and an access-log bucket without replication are choices, not design.
            assertThat(resources).doesNotContain("AwsSolutions-EC23").doesNotContain("S3BucketReplicationEnabled");
            // What comes with the design stays recorded: SSE-S3 for ELB access logs, the redirect-only listener.
            assertThat(resources).contains("S3DefaultEncryptionKMS", "ELBv2ACMCertificateRequired");
        }
    }

    @Nested
    class Options {
        @Test
        void warnsWhenTheListenerIsPlainHttp() {
            Stack stack = stackWith(b -> b);
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::ElasticLoadBalancingV2::Listener",
                            Map.of(
                                    "Port",
                                    80,
                                    "Protocol",
                                    "HTTP",
                                    "DefaultActions",
                                    List.of(Match.objectLike(Map.of("Type", "forward")))));
            Annotations.fromStack(stack)
                    .hasWarning(
                            "/TestStack/Service",
                            Match.stringLikeRegexp("listens on plain HTTP.*" + SecureFargateService.WARNING_HTTP_ONLY));
        }

        @Test
        void appliesSizingStorageAndContainerHardening() {
            Stack stack = stackWith(b -> b.cpu(1024)
                    .memoryLimitMiB(4096)
                    .ephemeralStorageGiB(50)
                    .user("1000:1000")
                    .readonlyRootFilesystem(true)
                    .environment(Map.of("MODE", "prod")));
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::ECS::TaskDefinition",
                            Map.of(
                                    "Cpu",
                                    "1024",
                                    "Memory",
                                    "4096",
                                    "EphemeralStorage",
                                    Map.of("SizeInGiB", 50),
                                    "ContainerDefinitions",
                                    List.of(Match.objectLike(Map.of(
                                            "User",
                                            "1000:1000",
                                            "ReadonlyRootFilesystem",
                                            true,
                                            "Environment",
                                            List.of(Map.of("Name", "MODE", "Value", "prod")))))));
        }

        @Test
        void rendersTheTaskDefinitionByFamilyUnderCodeDeploy() {
            Stack stack = TestApps.stack();
            SecureFargateService s = build(stack, b -> b.deploymentController(DeploymentControllerType.CODE_DEPLOY));
            Template t = Template.fromStack(stack);
            assertThat(s.getTaskDefinition().getFamily()).isEqualTo("TestStackServiceTaskDefinitionD9174125");
            t.hasResourceProperties(
                    "AWS::ECS::Service",
                    Map.of(
                            "DeploymentController", Map.of("Type", "CODE_DEPLOY"),
                            "TaskDefinition", "TestStackServiceTaskDefinitionD9174125",
                            "DeploymentConfiguration",
                                    Match.objectLike(Map.of("DeploymentCircuitBreaker", Match.absent()))));
        }

        @Test
        void canTurnOffTheCircuitBreakerAndDeletionProtection() {
            Stack stack = stackWith(b -> b.circuitBreaker(false)
                    .loadBalancerDeletionProtection(false)
                    .publicLoadBalancer(false));
            Template t = Template.fromStack(stack);
            t.hasResourceProperties(
                    "AWS::ECS::Service",
                    Map.of("DeploymentConfiguration", Map.of("MinimumHealthyPercent", 100, "MaximumPercent", 200)));
            t.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::LoadBalancer",
                    Map.of(
                            "Scheme",
                            "internal",
                            "LoadBalancerAttributes",
                            Match.arrayWith(List.of(Map.of("Key", "deletion_protection.enabled", "Value", "false")))));
        }

        @Test
        void restrictsListenersToTheGivenCidrs() {
            Stack stack = stackWith(b -> b.ingressPeers(List.of(Peer.ipv4("10.1.0.0/16"))));
            Template.fromStack(stack)
                    .hasResourceProperties(
                            "AWS::EC2::SecurityGroup",
                            Map.of(
                                    "GroupDescription",
                                    "Load balancer of TestStack/Service",
                                    "SecurityGroupIngress",
                                    List.of(Match.objectLike(Map.of("CidrIp", "10.1.0.0/16", "FromPort", 80)))));
        }

        @Test
        void usesASharedAccessLogBucket() {
            Stack stack = TestApps.stack();
            Bucket shared = Bucket.Builder.create(stack, "Shared").build();
            SecureFargateService s = build(stack, b -> b.accessLogsBucket(shared));
            assertThat(s.getAccessLogsBucket()).isSameAs(shared);
            Template.fromStack(stack).resourceCountIs("AWS::S3::Bucket", 1);
        }

        @Test
        void warnsWhenTrafficShiftsSlowerThanThirtySeconds() {
            Stack stack = stackWith(b -> b.healthCheckInterval(Duration.seconds(30))
                    .healthyThresholdCount(3)
                    .deregistrationDelay(Duration.seconds(120)));
            Annotations a = Annotations.fromStack(stack);
            a.hasWarning("/TestStack/Service", Match.stringLikeRegexp("is 90 s: new tasks wait longer than 30 s.*"));
            a.hasWarning("/TestStack/Service", Match.stringLikeRegexp("deregistrationDelay is 2 minutes.*"));
        }
    }

    @Nested
    class Validation {
        private void assertRejected(final UnaryOperator<SecureFargateService.Builder> customize, final String message) {
            Stack stack = TestApps.stack();
            assertThatThrownBy(() -> build(stack, customize))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TestStack/Service: " + message);
        }

        @Test
        void failsWhenEphemeralStorageIsBelow21GiB() {
            assertRejected(b -> b.ephemeralStorageGiB(10), "ephemeralStorageGiB must be between 21 and 200, got 10");
        }

        @Test
        void failsWhenEphemeralStorageIsAbove200GiB() {
            assertRejected(b -> b.ephemeralStorageGiB(201), "ephemeralStorageGiB must be between 21 and 200, got 201");
        }

        @Test
        void failsWhenCpuIsNotAFargateSize() {
            assertRejected(b -> b.cpu(300), "cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384, got 300");
        }

        @Test
        void failsWhenMemoryIsNotAllowedForTheCpu() {
            assertRejected(
                    b -> b.cpu(256).memoryLimitMiB(4096),
                    "memoryLimitMiB must be one of 512, 1024, 2048 for cpu 256, got 4096");
            assertRejected(
                    b -> b.cpu(4096).memoryLimitMiB(4000),
                    "memoryLimitMiB must be one of 8192-30720 in steps of 1024 for cpu 4096, got 4000");
        }

        @Test
        void failsWhenPlatformVersionIsBelow140() {
            assertRejected(
                    b -> b.platformVersion(FargatePlatformVersion.VERSION1_3),
                    "platformVersion must be LATEST or 1.4.0 or later");
        }

        @Test
        void failsWhenDesiredCountIsBelowOne() {
            assertRejected(b -> b.desiredCount(0), "desiredCount must be at least 1, got 0");
        }

        @Test
        void failsWhenHealthCheckPathDoesNotStartWithSlash() {
            assertRejected(b -> b.healthCheckPath("health"), "healthCheckPath must start with '/', got 'health'");
        }

        @Test
        void failsWhenMinHealthyIsNotBelowMaxHealthy() {
            assertRejected(
                    b -> b.minHealthyPercent(150).maxHealthyPercent(120),
                    "minHealthyPercent must be lower than maxHealthyPercent (120) so that a deployment can replace "
                            + "tasks, got 150");
            assertRejected(
                    b -> b.minHealthyPercent(100).maxHealthyPercent(100),
                    "minHealthyPercent must be lower than maxHealthyPercent (100)");
        }

        @Test
        void failsWhenCircuitBreakerIsRequestedWithCodeDeploy() {
            assertRejected(
                    b -> b.deploymentController(DeploymentControllerType.CODE_DEPLOY)
                            .circuitBreaker(true),
                    "circuitBreaker applies only to the ECS deployment controller, got true with CODE_DEPLOY");
        }

        @Test
        void failsWhenHealthCheckTimeoutIsNotShorterThanInterval() {
            assertRejected(
                    b -> b.healthCheckTimeout(Duration.seconds(10)),
                    "healthCheckTimeout must be shorter than healthCheckInterval (10 seconds), got 10 seconds");
        }

        @Test
        void failsForOutOfRangeHealthCheckSettings() {
            assertRejected(
                    b -> b.healthCheckInterval(Duration.seconds(1)),
                    "healthCheckInterval must be between 5 and 300 seconds, got 1 second");
            assertRejected(b -> b.healthyThresholdCount(1), "healthyThresholdCount must be between 2 and 10, got 1");
            assertRejected(
                    b -> b.deregistrationDelay(Duration.hours(2)),
                    "deregistrationDelay must be between 0 and 3600 seconds, got 2 hours");
        }

        @Test
        void failsForAnInvalidIngressCidr() {
            assertRejected(
                    b -> b.ingressPeers(List.of(Peer.ipv4("10.0.0.0/40"))),
                    "ingressPeers must contain IPv4 CIDR ranges such as 10.0.0.0/16");
        }

        @Test
        void failsForAnInvalidContainerPort() {
            assertRejected(b -> b.containerPort(70000), "containerPort must be between 1 and 65535, got 70000");
        }

        @Test
        void acceptsUnresolvedTokens() {
            Stack stack = TestApps.stack();
            Number storage = Token.asNumber(Map.of("Ref", "Storage"));
            Number count = Token.asNumber(Map.of("Ref", "Count"));
            Number memory = Token.asNumber(Map.of("Ref", "Memory"));
            String path = Token.asString(Map.of("Ref", "Path"));
            SecureFargateService s = build(stack, b -> b.ephemeralStorageGiB(storage)
                    .desiredCount(count)
                    .memoryLimitMiB(memory)
                    .healthCheckPath(path));
            Template t = Template.fromStack(stack);
            t.hasResourceProperties(
                    "AWS::ECS::TaskDefinition",
                    Match.objectLike(Map.of("EphemeralStorage", Map.of("SizeInGiB", Map.of("Ref", "Storage")))));
            t.hasResourceProperties(
                    "AWS::ECS::Service", Match.objectLike(Map.of("DesiredCount", Map.of("Ref", "Count"))));
            t.hasResourceProperties(
                    "AWS::ElasticLoadBalancingV2::TargetGroup",
                    Match.objectLike(Map.of("HealthCheckPath", Map.of("Ref", "Path"))));
            assertThat(s.getHealthCheck().getPath()).isEqualTo(path);
        }

        @Test
        void failsInAnEnvironmentAgnosticStack() {
            Stack stack = new Stack(TestApps.app(), "Agnostic");
            assertThatThrownBy(() -> build(stack, b -> b))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Agnostic/Service: env.region must be known at synth time");
        }

        @Test
        void failsWithoutClusterOrImage() {
            assertThatThrownBy(() -> SecureFargateServiceProps.builder().build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cluster is required");
        }
    }
}
