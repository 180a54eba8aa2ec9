package io.github.securefargate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.ValidationException;
import io.github.securefargate.service.SecureFargateService;
import io.github.securefargate.testing.DeployRules;
import io.github.securefargate.testing.IamPolicies;
import io.github.securefargate.testing.TestApps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.Ec2TaskDefinition;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.efs.AccessPoint;
import software.amazon.awscdk.services.efs.LifecyclePolicy;
import software.amazon.awscdk.services.efs.PerformanceMode;
import software.amazon.awscdk.services.efs.ThroughputMode;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;

class LifecycleFileSystemTest {
    private static final ContainerImage IMAGE =
            ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine");
    /** Logical id of the file system of {@link Fixture}: changing it replaces users' file systems. */
    private static final String FILE_SYSTEM_LOGICAL_ID = "SharedData0DDE2858";

    /** Stack with a VPC (private subnets in 2 AZs) and a cluster. */
    private static final class Fixture {
        final Stack stack;
        final Vpc vpc;
        final Cluster cluster;

        Fixture() {
            this(TestApps.app());
        }

        Fixture(final App app) {
            this.stack = new Stack(
                    app, "TestStack", StackProps.builder().env(TestApps.env()).build());
            this.vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
            this.cluster = Cluster.Builder.create(stack, "Cluster").vpc(vpc).build();
        }

        LifecycleFileSystem fileSystem(final Consumer<LifecycleFileSystem.Builder> customize) {
            LifecycleFileSystem.Builder b =
                    LifecycleFileSystem.Builder.create(stack, "SharedData").vpc(vpc);
            customize.accept(b);
            return b.build();
        }

        LifecycleFileSystem fileSystem() {
            return fileSystem(b -> {});
        }

        SecureFargateService service() {
            return SecureFargateService.Builder.create(stack, "Service")
                    .cluster(cluster)
                    .image(IMAGE)
                    .build();
        }

        Template template() {
            return Template.fromStack(stack);
        }
    }

    private static AccessPoint appData(final LifecycleFileSystem fs) {
        return fs.addAccessPoint(
                "AppData",
                PosixAccessPointOptions.builder()
                        .path("/app")
                        .uid(1000)
                        .gid(1000)
                        .build());
    }

    // The default file system, mounted read-write into a secure service: built once, read by many tests.
    private static Fixture mounted;
    private static Template mountedTemplate;

    private static synchronized Template mounted() {
        if (mountedTemplate == null) {
            mounted = new Fixture();
            LifecycleFileSystem fs = mounted.fileSystem();
            SecureFargateService service = mounted.service();
            fs.mountInto(
                    service,
                    MountOptions.builder()
                            .accessPoint(appData(fs))
                            .containerPath("/data")
                            .build());
            mountedTemplate = mounted.template();
        }
        return mountedTemplate;
    }

    private static Map<String, Object> fileSystemProperties(final Template template) {
        return props(template.findResources("AWS::EFS::FileSystem"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(final Map<String, Map<String, Object>> resources) {
        assertThat(resources).hasSize(1);
        return (Map<String, Object>) resources.values().iterator().next().get("Properties");
    }

    private static final Map<String, Object> DENY_INSECURE_TRANSPORT = Map.of(
            "Sid", "DenyInsecureTransport",
            "Effect", "Deny",
            "Principal", Map.of("AWS", "*"),
            "Action",
                    List.of(
                            "elasticfilesystem:ClientMount",
                            "elasticfilesystem:ClientRootAccess",
                            "elasticfilesystem:ClientWrite"),
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));

    @Nested
    class Defaults {
        @Test
        void encryptsWithANewRotatedRetainedCustomerManagedKey() {
            Template t = mounted();
            Capture key = new Capture();
            t.hasResourceProperties(
                    "AWS::EFS::FileSystem",
                    Map.of("Encrypted", true, "KmsKeyId", Map.of("Fn::GetAtt", List.of(key, "Arn"))));
            assertThat(key.asString()).startsWith("SharedDataKey");
            t.hasResource(
                    "AWS::KMS::Key",
                    Map.of(
                            "DeletionPolicy",
                            "Retain",
                            "Properties",
                            Match.objectLike(Map.of(
                                    "EnableKeyRotation",
                                    true,
                                    "Description",
                                    "Encrypts the EFS file system TestStack/SharedData"))));
        }

        @Test
        void usesElasticThroughputAndGeneralPurposePerformance() {
            Map<String, Object> p = fileSystemProperties(mounted());
            assertThat(p)
                    .containsEntry("ThroughputMode", "elastic")
                    .containsEntry("PerformanceMode", "generalPurpose")
                    .doesNotContainKey("ProvisionedThroughputInMibps");
        }

        @Test
        void movesFilesToInfrequentAccessAfter30DaysAndBackOnFirstAccessWithoutArchive() {
            assertThat(fileSystemProperties(mounted()).get("LifecyclePolicies"))
                    .isEqualTo(List.of(
                            Map.of("TransitionToIA", "AFTER_30_DAYS"),
                            Map.of("TransitionToPrimaryStorageClass", "AFTER_1_ACCESS")));
        }

        @Test
        void turnsOnAutomaticBackups() {
            assertThat(fileSystemProperties(mounted())).containsEntry("BackupPolicy", Map.of("Status", "ENABLED"));
        }

        @Test
        void retainsTheFileSystemOnDeleteAndOnReplacement() {
            mounted()
                    .hasResource(
                            "AWS::EFS::FileSystem",
                            Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        }

        @Test
        void placesOneMountTargetPerZoneInPrivateSubnets() {
            Map<String, Map<String, Object>> targets = mounted().findResources("AWS::EFS::MountTarget");
            assertThat(targets).hasSize(2);
            assertThat(targets.values())
                    .allSatisfy(t -> assertThat(t.toString()).contains("VpcPrivateSubnet"));
        }

        @Test
        void securityGroupAllowsNothingUntilAServiceIsMounted() {
            Fixture f = new Fixture();
            f.fileSystem();
            Template t = f.template();
            t.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
            t.hasResourceProperties(
                    "AWS::EC2::SecurityGroup",
                    Map.of(
                            "GroupDescription", Match.stringLikeRegexp("EFS mount targets.*"),
                            "SecurityGroupIngress", Match.absent(),
                            "SecurityGroupEgress", List.of(Match.objectLike(Map.of("CidrIp", "255.255.255.255/32")))));
        }

        @Test
        void createsNoAlarmsNoBackupSelectionAndNoReplication() {
            Template t = mounted();
            t.resourceCountIs("AWS::CloudWatch::Alarm", 0);
            t.resourceCountIs("AWS::Backup::BackupSelection", 0);
            assertThat(fileSystemProperties(t)).doesNotContainKey("ReplicationConfiguration");
        }
    }

    @Nested
    class Ids {
        @Test
        void fileSystemLogicalIdIsPinned() {
            assertThat(mounted().findResources("AWS::EFS::FileSystem")).containsOnlyKeys(FILE_SYSTEM_LOGICAL_ID);
        }

        @Test
        void accessPointLogicalIdDerivesFromItsConstructId() {
            assertThat(mounted().findResources("AWS::EFS::AccessPoint")).containsOnlyKeys("SharedDataAppDataFBE2E069");
        }
    }

    @Nested
    class FileSystemPolicy {
        @Test
        void deniesEveryClientActionWithoutTlsAndAllowsNothing() {
            assertThat(fileSystemProperties(mounted()).get("FileSystemPolicy"))
                    .isEqualTo(Map.of("Version", "2012-10-17", "Statement", List.of(DENY_INSECURE_TRANSPORT)));
        }

        @Test
        void isTheSameWhenTheCdkDenyAnonymousAccessFlagIsOff() {
            // aws-cdk-lib would add "AnyPrincipal may write and act as root"; the construct owns the whole policy.
            Map<String, Object> context = new HashMap<>();
            context.put("@aws-cdk/aws-efs:denyAnonymousAccess", false);
            Fixture f = new Fixture(TestApps.app(context));
            LifecycleFileSystem fs = f.fileSystem();
            fs.grantReadWrite(
                    Role.Builder.create(f.stack, "Client")
                            .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                            .build(),
                    appData(fs));
            assertThat(fileSystemProperties(f.template()).get("FileSystemPolicy"))
                    .isEqualTo(Map.of("Version", "2012-10-17", "Statement", List.of(DENY_INSECURE_TRANSPORT)));
        }
    }

    @Nested
    class AccessPoints {
        @Test
        void createsAccessPointWithPosixUserAndRootDirectoryOwnedByIt() {
            mounted()
                    .hasResourceProperties(
                            "AWS::EFS::AccessPoint",
                            Map.of(
                                    "FileSystemId", Map.of("Ref", FILE_SYSTEM_LOGICAL_ID),
                                    "PosixUser", Map.of("Uid", "1000", "Gid", "1000"),
                                    "RootDirectory",
                                            Map.of(
                                                    "Path",
                                                    "/app",
                                                    "CreationInfo",
                                                    Map.of(
                                                            "OwnerUid",
                                                            "1000",
                                                            "OwnerGid",
                                                            "1000",
                                                            "Permissions",
                                                            "750"))));
        }

        @Test
        void takesSecondaryGroupsOwnerAndPermissions() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            fs.addAccessPoint(
                    "Reports",
                    PosixAccessPointOptions.builder()
                            .path("/shared/reports")
                            .uid(2000)
                            .gid(3000)
                            .secondaryGids(List.of(4000, 4001))
                            .ownerUid(0)
                            .ownerGid(3000)
                            .permissions("2770")
                            .build());
            f.template()
                    .hasResourceProperties(
                            "AWS::EFS::AccessPoint",
                            Map.of(
                                    "PosixUser",
                                            Map.of(
                                                    "Uid",
                                                    "2000",
                                                    "Gid",
                                                    "3000",
                                                    "SecondaryGids",
                                                    List.of("4000", "4001")),
                                    "RootDirectory",
                                            Map.of(
                                                    "Path",
                                                    "/shared/reports",
                                                    "CreationInfo",
                                                    Map.of(
                                                            "OwnerUid",
                                                            "0",
                                                            "OwnerGid",
                                                            "3000",
                                                            "Permissions",
                                                            "2770"))));
            assertThat(fs.getAccessPoints()).hasSize(1);
        }

        @Test
        void passesTokensThroughUnvalidated() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            Number uid = CfnParameter.Builder.create(f.stack, "Uid")
                    .type("Number")
                    .build()
                    .getValueAsNumber();
            fs.addAccessPoint(
                    "FromParameter",
                    PosixAccessPointOptions.builder()
                            .path("/p")
                            .uid(uid)
                            .gid(uid)
                            .build());
            f.template()
                    .hasResourceProperties(
                            "AWS::EFS::AccessPoint",
                            Map.of("PosixUser", Map.of("Uid", Map.of("Ref", "Uid"), "Gid", Map.of("Ref", "Uid"))));
        }

        private void rejects(final PosixAccessPointOptions.Builder options, final String message) {
            LifecycleFileSystem fs = new Fixture().fileSystem();
            assertThatThrownBy(() -> fs.addAccessPoint("Bad", options.build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("TestStack/SharedData: accessPoint Bad: ")
                    .hasMessageContaining(message);
        }

        private PosixAccessPointOptions.Builder valid() {
            return PosixAccessPointOptions.builder().path("/app").uid(1000).gid(1000);
        }

        @Test
        void failsWhenPathIsRelative() {
            rejects(valid().path("app"), "path must be an absolute path such as /data, got 'app'");
        }

        @Test
        void failsWhenPathIsDeeperThanFourLevels() {
            rejects(valid().path("/a/b/c/d/e"), "path must be at most 4 directories deep");
        }

        @Test
        void failsWhenPathHasADotComponentOrEmptyComponent() {
            rejects(valid().path("/a/../b"), "path must consist of non-empty directory names");
            rejects(valid().path("/a//b"), "path must consist of non-empty directory names");
        }

        @Test
        void failsWhenPathIsLongerThan100Characters() {
            rejects(valid().path("/" + "a".repeat(100)), "path must be at most 100 characters");
        }

        @Test
        void failsWhenUidIsOutOfRange() {
            rejects(valid().uid(-1), "uid must be between 0 and 4294967295, got -1");
            rejects(valid().gid(4294967296L), "gid must be between 0 and 4294967295, got 4294967296");
        }

        @Test
        void failsWhenPermissionsAreNotOctal() {
            rejects(
                    valid().permissions("755x"),
                    "permissions must be an octal mode of 3 or 4 digits such as 750, " + "got '755x'");
            rejects(valid().permissions("789"), "got '789'");
        }

        @Test
        void failsWithMoreThan16SecondaryGroups() {
            rejects(valid().secondaryGids(java.util.Collections.nCopies(17, 5)), "secondaryGids must hold at most 16");
        }

        @Test
        void builderRequiresPathUidAndGid() {
            assertThatThrownBy(() ->
                            PosixAccessPointOptions.builder().uid(1).gid(1).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("path is required");
        }
    }

    @Nested
    class Mount {
        @Test
        void addsEfsVolumeWithTlsAndIamAuthorizationThroughTheAccessPoint() {
            mounted()
                    .hasResourceProperties(
                            "AWS::ECS::TaskDefinition",
                            Map.of(
                                    "Volumes",
                                    List.of(Map.of(
                                            "Name",
                                            "SharedData-AppData",
                                            "EFSVolumeConfiguration",
                                            Map.of(
                                                    "FilesystemId", Map.of("Ref", FILE_SYSTEM_LOGICAL_ID),
                                                    "TransitEncryption", "ENABLED",
                                                    "AuthorizationConfig",
                                                            Map.of(
                                                                    "AccessPointId",
                                                                    Map.of("Ref", "SharedDataAppDataFBE2E069"),
                                                                    "IAM",
                                                                    "ENABLED"))))));
        }

        @Test
        void addsReadWriteMountPointToTheApplicationContainer() {
            mounted()
                    .hasResourceProperties(
                            "AWS::ECS::TaskDefinition",
                            Map.of(
                                    "ContainerDefinitions",
                                    List.of(Match.objectLike(Map.of(
                                            "Name",
                                            "app",
                                            "MountPoints",
                                            List.of(Map.of(
                                                    "ContainerPath",
                                                    "/data",
                                                    "ReadOnly",
                                                    false,
                                                    "SourceVolume",
                                                    "SharedData-AppData")))))));
        }

        @Test
        void opensNfsOnlyFromTheServiceSecurityGroup() {
            Map<String, Map<String, Object>> ingress = mounted()
                    .findResources(
                            "AWS::EC2::SecurityGroupIngress",
                            Map.of(
                                    "Properties",
                                    Map.of(
                                            "GroupId",
                                            Map.of(
                                                    "Fn::GetAtt",
                                                    List.of(
                                                            Match.stringLikeRegexp("SharedDataSecurityGroup.*"),
                                                            "GroupId")))));
            assertThat(ingress).hasSize(1);
            assertThat(props(ingress))
                    .containsEntry("IpProtocol", "tcp")
                    .containsEntry("FromPort", 2049)
                    .containsEntry("ToPort", 2049);
            assertThat(props(ingress).get("SourceSecurityGroupId").toString()).contains("ServiceSecurityGroup");
        }

        @Test
        void grantsTheTaskRoleExactlyMountAndWriteThroughTheAccessPointAndAMountTarget() {
            mounted()
                    .hasResourceProperties(
                            "AWS::IAM::Policy",
                            Map.of(
                                    "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("ServiceTaskRole.*"))),
                                    "PolicyDocument",
                                            Map.of(
                                                    "Version",
                                                    "2012-10-17",
                                                    "Statement",
                                                    List.of(
                                                            Map.of(
                                                                    "Effect", "Allow",
                                                                    "Action",
                                                                            List.of(
                                                                                    "elasticfilesystem:ClientMount",
                                                                                    "elasticfilesystem:ClientWrite"),
                                                                    "Resource",
                                                                            Map.of(
                                                                                    "Fn::GetAtt",
                                                                                    List.of(
                                                                                            FILE_SYSTEM_LOGICAL_ID,
                                                                                            "Arn")),
                                                                    "Condition",
                                                                            Map.of(
                                                                                    "Bool",
                                                                                            Map.of(
                                                                                                    "elasticfilesystem:AccessedViaMountTarget",
                                                                                                    "true"),
                                                                                    "StringEquals",
                                                                                            Map.of(
                                                                                                    "elasticfilesystem:AccessPointArn",
                                                                                                    Map.of(
                                                                                                            "Fn::Join",
                                                                                                            List.of(
                                                                                                                    "",
                                                                                                                    List
                                                                                                                            .of(
                                                                                                                                    "arn:aws:elasticfilesystem:eu-west-1:111111111111:access-point/",
                                                                                                                                    Map
                                                                                                                                            .of(
                                                                                                                                                    "Ref",
                                                                                                                                                    "SharedDataAppDataFBE2E069")))))))))));
        }

        @Test
        void serviceWaitsForTheMountTargets() {
            Map<String, Map<String, Object>> services = mounted().findResources("AWS::ECS::Service");
            assertThat(services.values().iterator().next().get("DependsOn").toString())
                    .contains("SharedDataEfsMountTargetPrivateSubnet1")
                    .contains("SharedDataEfsMountTargetPrivateSubnet2");
        }

        @Test
        void readOnlyMountGrantsOnlyClientMount() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            fs.mountInto(
                    f.service(),
                    MountOptions.builder()
                            .accessPoint(appData(fs))
                            .containerPath("/config")
                            .readOnly(true)
                            .volumeName("config")
                            .build());
            Template t = f.template();
            t.hasResourceProperties(
                    "AWS::ECS::TaskDefinition",
                    Map.of(
                            "ContainerDefinitions",
                            List.of(Match.objectLike(Map.of(
                                    "MountPoints",
                                    List.of(Map.of(
                                            "ContainerPath",
                                            "/config",
                                            "ReadOnly",
                                            true,
                                            "SourceVolume",
                                            "config")))))));
            t.hasResourceProperties(
                    IamPolicies.TYPE,
                    IamPolicies.withStatements(
                            List.of(Match.objectLike(Map.of("Action", "elasticfilesystem:ClientMount")))));
        }

        @Test
        void mountsIntoAnyFargateTaskDefinitionAndItsDefaultContainer() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            FargateTaskDefinition td =
                    FargateTaskDefinition.Builder.create(f.stack, "Worker").build();
            td.addContainer(
                    "worker", ContainerDefinitionOptions.builder().image(IMAGE).build());
            SecurityGroup tasks =
                    SecurityGroup.Builder.create(f.stack, "WorkerSg").vpc(f.vpc).build();
            fs.mountInto(
                    td,
                    tasks,
                    MountOptions.builder()
                            .accessPoint(appData(fs))
                            .containerPath("/work")
                            .build());
            assertMounted(f.template(), "worker", "/work", "WorkerSg.*");
        }

        /** The container mounts the file system at {@code path}, and NFS is open from the group {@code group}. */
        private void assertMounted(final Template t, final String container, final String path, final String group) {
            t.hasResourceProperties(
                    "AWS::ECS::TaskDefinition",
                    Map.of(
                            "ContainerDefinitions",
                            List.of(Match.objectLike(Map.of(
                                    "Name",
                                    container,
                                    "MountPoints",
                                    List.of(Match.objectLike(Map.of("ContainerPath", path))))))));
            t.hasResourceProperties(
                    "AWS::EC2::SecurityGroupIngress",
                    Map.of(
                            "FromPort",
                            2049,
                            "SourceSecurityGroupId",
                            Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(group), "GroupId"))));
        }

        @Test
        void mountsIntoAPlainFargateServiceOfAwsCdkLib() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            FargateTaskDefinition td =
                    FargateTaskDefinition.Builder.create(f.stack, "Web").build();
            td.addContainer(
                    "web", ContainerDefinitionOptions.builder().image(IMAGE).build());
            FargateService web = FargateService.Builder.create(f.stack, "WebService")
                    .cluster(f.cluster)
                    .taskDefinition(td)
                    .build();
            fs.mountInto(
                    web,
                    MountOptions.builder()
                            .accessPoint(appData(fs))
                            .containerPath("/srv")
                            .build());
            Template t = f.template();
            assertMounted(t, "web", "/srv", "WebServiceSecurityGroup.*");
            assertThat(t.findResources("AWS::ECS::Service")
                            .values()
                            .iterator()
                            .next()
                            .get("DependsOn")
                            .toString())
                    .as("the service waits for the mount targets")
                    .contains("MountTarget");
        }

        @Test
        void refusesAPlainFargateServiceOnAPlatformVersionBefore140() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            FargateTaskDefinition td =
                    FargateTaskDefinition.Builder.create(f.stack, "OldWeb").build();
            td.addContainer(
                    "web", ContainerDefinitionOptions.builder().image(IMAGE).build());
            FargateService old = FargateService.Builder.create(f.stack, "OldWebService")
                    .cluster(f.cluster)
                    .taskDefinition(td)
                    .platformVersion(FargatePlatformVersion.VERSION1_3)
                    .build();
            assertThatThrownBy(() -> fs.mountInto(
                            old,
                            MountOptions.builder()
                                    .accessPoint(appData(fs))
                                    .containerPath("/srv")
                                    .build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("got TestStack/OldWebService on 1.3.0");
        }

        @Test
        void mountsTheSameAccessPointIntoTwoContainersWithOneVolume() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            SecureFargateService service = f.service();
            service.getTaskDefinition()
                    .addContainer(
                            "sidecar",
                            ContainerDefinitionOptions.builder()
                                    .image(IMAGE)
                                    .essential(false)
                                    .memoryReservationMiB(64)
                                    .build());
            AccessPoint ap = appData(fs);
            fs.mountInto(
                    service,
                    MountOptions.builder()
                            .accessPoint(ap)
                            .containerPath("/data")
                            .build());
            fs.mountInto(
                    service,
                    MountOptions.builder()
                            .accessPoint(ap)
                            .containerPath("/in")
                            .containerName("sidecar")
                            .readOnly(true)
                            .build());
            Map<String, Object> td = props(f.template().findResources("AWS::ECS::TaskDefinition"));
            assertThat((List<?>) td.get("Volumes")).hasSize(1);
            assertThat(td.get("ContainerDefinitions").toString())
                    .contains("ContainerPath=/data")
                    .contains("ContainerPath=/in");
        }
    }

    @Nested
    class MountValidation {
        private MountOptions.Builder options(final LifecycleFileSystem fs) {
            return MountOptions.builder().accessPoint(appData(fs)).containerPath("/data");
        }

        @Test
        void failsWhenRootDirectoryIsNotSlash() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            SecureFargateService service = f.service();
            assertThatThrownBy(() -> fs.mountInto(
                            service, options(fs).rootDirectory("/app").build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage("TestStack/SharedData: rootDirectory must be omitted or '/' when mounting through an "
                            + "access point (the access point's path is the root), got '/app'; put the directory in "
                            + "the access point's path instead");
        }

        @Test
        void acceptsSlashAsRootDirectory() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            fs.mountInto(f.service(), options(fs).rootDirectory("/").build());
            f.template()
                    .hasResourceProperties(
                            "AWS::ECS::TaskDefinition",
                            Map.of(
                                    "Volumes",
                                    List.of(Map.of(
                                            "Name",
                                            Match.anyValue(),
                                            "EFSVolumeConfiguration",
                                            Match.objectLike(Map.of("RootDirectory", Match.absent()))))));
        }

        @Test
        void failsForANonFargateTaskDefinition() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            Ec2TaskDefinition td =
                    Ec2TaskDefinition.Builder.create(f.stack, "Ec2Task").build();
            td.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .image(IMAGE)
                            .memoryLimitMiB(256)
                            .build());
            SecurityGroup sg =
                    SecurityGroup.Builder.create(f.stack, "Sg").vpc(f.vpc).build();
            assertThatThrownBy(() -> fs.mountInto(td, sg, options(fs).build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("taskDefinition must be Fargate-compatible, got TestStack/Ec2Task with "
                            + "compatibility EC2; use a FargateTaskDefinition");
        }

        @Test
        void failsForAWindowsTask() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            FargateTaskDefinition td = FargateTaskDefinition.Builder.create(f.stack, "WindowsTask")
                    .cpu(1024)
                    .memoryLimitMiB(2048)
                    .runtimePlatform(RuntimePlatform.builder()
                            .operatingSystemFamily(OperatingSystemFamily.WINDOWS_SERVER_2022_CORE)
                            .cpuArchitecture(CpuArchitecture.X86_64)
                            .build())
                    .build();
            td.addContainer(
                    "app", ContainerDefinitionOptions.builder().image(IMAGE).build());
            SecurityGroup sg =
                    SecurityGroup.Builder.create(f.stack, "Sg").vpc(f.vpc).build();
            assertThatThrownBy(() -> fs.mountInto(td, sg, options(fs).build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("taskDefinition must run Linux (Fargate mounts EFS only in Linux tasks), got "
                            + "TestStack/WindowsTask with operating system WINDOWS_SERVER_2022_CORE");
        }

        @Test
        void failsForAServiceOnAPlatformVersionBefore140() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            FargateTaskDefinition td =
                    FargateTaskDefinition.Builder.create(f.stack, "OldTask").build();
            td.addContainer(
                    "app", ContainerDefinitionOptions.builder().image(IMAGE).build());
            FargateService old = FargateService.Builder.create(f.stack, "Old")
                    .cluster(f.cluster)
                    .taskDefinition(td)
                    .platformVersion(FargatePlatformVersion.VERSION1_3)
                    .build();
            assertThatThrownBy(() -> fs.mountInto(td, old, options(fs).build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("service must run on Fargate platform version 1.4.0 or later to mount EFS, "
                            + "got TestStack/Old on 1.3.0");
        }

        @Test
        void failsWhenTheContainerDoesNotExist() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            SecureFargateService service = f.service();
            assertThatThrownBy(() -> fs.mountInto(
                            service, options(fs).containerName("web").build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage("TestStack/SharedData: containerName must name a container of task definition "
                            + "TestStack/Service/TaskDefinition (app), got 'web'");
        }

        @Test
        void failsWhenTheContainerPathIsNotAbsoluteOrIsTheRoot() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            SecureFargateService service = f.service();
            MountOptions.Builder options = options(fs);
            assertThatThrownBy(() ->
                            fs.mountInto(service, options.containerPath("data").build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage("TestStack/SharedData: containerPath must be an absolute path below / such as /data, "
                            + "got 'data'");
            assertThatThrownBy(() ->
                            fs.mountInto(service, options.containerPath("/").build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("got '/'");
        }

        @Test
        void failsForAnAccessPointOfAnotherFileSystem() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            LifecycleFileSystem other = LifecycleFileSystem.Builder.create(f.stack, "Other")
                    .vpc(f.vpc)
                    .build();
            AccessPoint foreign = appData(other);
            SecureFargateService service = f.service();
            assertThatThrownBy(() -> fs.mountInto(
                            service,
                            MountOptions.builder()
                                    .accessPoint(foreign)
                                    .containerPath("/data")
                                    .build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("accessPoint must belong to this file system, got TestStack/Other/AppData");
        }

        @Test
        void failsWhenAVolumeNameIsReusedForAnotherAccessPoint() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            SecureFargateService service = f.service();
            fs.mountInto(service, options(fs).volumeName("shared").build());
            AccessPoint second = fs.addAccessPoint(
                    "Second",
                    PosixAccessPointOptions.builder().path("/b").uid(1).gid(1).build());
            assertThatThrownBy(() -> fs.mountInto(
                            service,
                            MountOptions.builder()
                                    .accessPoint(second)
                                    .containerPath("/b")
                                    .volumeName("shared")
                                    .build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(
                            "volumeName must be unique in task definition TestStack/Service/TaskDefinition");
        }

        @Test
        void failsForAnInvalidVolumeName() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            SecureFargateService service = f.service();
            assertThatThrownBy(() -> fs.mountInto(
                            service, options(fs).volumeName("my volume").build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(
                            "volumeName must be 1-255 letters, digits, hyphens or underscores, got " + "'my volume'");
        }
    }

    @Nested
    class Validation {
        private void rejects(final Consumer<LifecycleFileSystem.Builder> customize, final String message) {
            Fixture f = new Fixture();
            assertThatThrownBy(() -> f.fileSystem(customize))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage("TestStack/SharedData: " + message);
        }

        @Test
        void failsWhenArchiveIsNotLaterThanInfrequentAccess() {
            rejects(
                    b -> b.transitionToArchive(LifecyclePolicy.AFTER_30_DAYS),
                    "transitionToArchive must be later than transitionToInfrequentAccess (AFTER_30_DAYS), got "
                            + "AFTER_30_DAYS; choose a longer transitionToArchive or a shorter "
                            + "transitionToInfrequentAccess");
            rejects(
                    b -> b.transitionToInfrequentAccess(LifecyclePolicy.AFTER_90_DAYS)
                            .transitionToArchive(LifecyclePolicy.AFTER_60_DAYS),
                    "transitionToArchive must be later than transitionToInfrequentAccess (AFTER_90_DAYS), got "
                            + "AFTER_60_DAYS; choose a longer transitionToArchive or a shorter "
                            + "transitionToInfrequentAccess");
        }

        @Test
        void failsWhenArchiveIsUsedWithoutElasticThroughput() {
            rejects(
                    b -> b.transitionToArchive(LifecyclePolicy.AFTER_90_DAYS).throughputMode(ThroughputMode.BURSTING),
                    "transitionToArchive needs ELASTIC throughputMode, got BURSTING; set "
                            + "throughputMode(ThroughputMode.ELASTIC) or remove transitionToArchive");
        }

        @Test
        void failsWhenArchiveIsUsedWithMaxIo() {
            rejects(
                    b -> b.transitionToArchive(LifecyclePolicy.AFTER_90_DAYS).performanceMode(PerformanceMode.MAX_IO),
                    "transitionToArchive needs GENERAL_PURPOSE performanceMode, got MAX_IO; set "
                            + "performanceMode(PerformanceMode.GENERAL_PURPOSE) or remove transitionToArchive");
        }

        @Test
        void failsWhenMaxIoIsCombinedWithElasticThroughput() {
            rejects(
                    b -> b.performanceMode(PerformanceMode.MAX_IO),
                    "performanceMode must be GENERAL_PURPOSE with ELASTIC throughputMode, got MAX_IO; keep "
                            + "GENERAL_PURPOSE (Elastic throughput scales I/O) or choose BURSTING or PROVISIONED "
                            + "throughput for MAX_IO");
        }

        @Test
        void failsWhenProvisionedThroughputHasNoRate() {
            rejects(
                    b -> b.throughputMode(ThroughputMode.PROVISIONED),
                    "provisionedThroughputPerSecond is required with PROVISIONED throughputMode, got nothing; set it "
                            + "(e.g. Size.mebibytes(10)) or use ELASTIC throughput");
        }

        @Test
        void failsWhenProvisionedRateIsBelowOneMebibyte() {
            rejects(
                    b -> b.throughputMode(ThroughputMode.PROVISIONED)
                            .provisionedThroughputPerSecond(Size.kibibytes(512)),
                    "provisionedThroughputPerSecond must be at least 1 MiB per second, got " + "0.5 MiB");
        }

        @Test
        void failsWhenARateIsGivenWithoutProvisionedThroughput() {
            rejects(
                    b -> b.provisionedThroughputPerSecond(Size.mebibytes(10)),
                    "provisionedThroughputPerSecond applies only to PROVISIONED throughputMode, got a rate with "
                            + "ELASTIC; set throughputMode(ThroughputMode.PROVISIONED) or remove it");
        }

        @Test
        void failsForSnapshotRemovalPolicy() {
            rejects(
                    b -> b.removalPolicy(RemovalPolicy.SNAPSHOT),
                    "removalPolicy must be RETAIN, "
                            + "RETAIN_ON_UPDATE_OR_DELETE or DESTROY, got SNAPSHOT, which EFS does not support; keep RETAIN "
                            + "and rely on backups");
        }

        @Test
        void failsWhenReplicatingToTheSameRegion() {
            rejects(
                    b -> b.replicationRegion("eu-west-1"),
                    "replicationRegion must differ from the file system's "
                            + "Region (eu-west-1) to protect against a Regional outage, got eu-west-1");
        }

        @Test
        void failsForAMalformedReplicationRegion() {
            rejects(
                    b -> b.replicationRegion("Frankfurt"),
                    "replicationRegion must be a Region name such as "
                            + "eu-west-1 (lower case letters, '-', a number), got 'Frankfurt'");
        }

        @Test
        void failsForAReplicationKeyWithoutRegion() {
            Fixture f = new Fixture();
            Key key = new Key(f.stack, "ReplicaKey");
            assertThatThrownBy(() -> f.fileSystem(b -> b.replicationKey(key)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("replicationKey applies only with replicationRegion");
        }

        @Test
        void failsForAReplicationKeyOutsideTheReplicationRegion() {
            Fixture f = new Fixture();
            Key local = new Key(f.stack, "LocalKey");
            assertThatThrownBy(() -> f.fileSystem(
                            b -> b.replicationRegion("eu-central-1").replicationKey(local)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("replicationKey must be a key in the replication Region eu-central-1, got a "
                            + "key in eu-west-1");
        }

        @Test
        void failsForAVpcWithoutPrivateSubnets() {
            Stack stack = TestApps.stack();
            Vpc publicOnly = Vpc.Builder.create(stack, "PublicVpc")
                    .maxAzs(2)
                    .natGateways(0)
                    .subnetConfiguration(List.of(software.amazon.awscdk.services.ec2.SubnetConfiguration.builder()
                            .name("Public")
                            .subnetType(software.amazon.awscdk.services.ec2.SubnetType.PUBLIC)
                            .build()))
                    .build();
            assertThatThrownBy(() -> LifecycleFileSystem.Builder.create(stack, "Files")
                            .vpc(publicOnly)
                            .build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("vpcSubnets must select private subnets for the mount targets");
        }
    }

    @Nested
    class Options {
        @Test
        void archivesColdFilesWithElasticThroughput() {
            Fixture f = new Fixture();
            f.fileSystem(b -> b.transitionToInfrequentAccess(LifecyclePolicy.AFTER_14_DAYS)
                    .transitionToArchive(LifecyclePolicy.AFTER_90_DAYS)
                    .returnToStandardOnAccess(false));
            assertThat(fileSystemProperties(f.template()).get("LifecyclePolicies"))
                    .isEqualTo(List.of(
                            Map.of("TransitionToIA", "AFTER_14_DAYS"), Map.of("TransitionToArchive", "AFTER_90_DAYS")));
        }

        @Test
        void provisionsThroughput() {
            Fixture f = new Fixture();
            f.fileSystem(b ->
                    b.throughputMode(ThroughputMode.PROVISIONED).provisionedThroughputPerSecond(Size.mebibytes(10)));
            assertThat(fileSystemProperties(f.template()))
                    .containsEntry("ThroughputMode", "provisioned")
                    .containsEntry("ProvisionedThroughputInMibps", 10);
        }

        @Test
        void replicatesToAnotherRegionWithAKeyThere() {
            Fixture f = new Fixture();
            String arn = "arn:aws:kms:eu-central-1:111111111111:key/11111111-2222-3333-4444-555555555555";
            f.fileSystem(b ->
                    b.replicationRegion("eu-central-1").replicationKey(Key.fromKeyArn(f.stack, "ReplicaKey", arn)));
            assertThat(fileSystemProperties(f.template()).get("ReplicationConfiguration"))
                    .isEqualTo(Map.of("Destinations", List.of(Map.of("Region", "eu-central-1", "KmsKeyId", arn))));
        }

        @Test
        void destroyIsAnOptInWithAWarning() {
            Fixture f = new Fixture();
            f.fileSystem(b -> b.removalPolicy(RemovalPolicy.DESTROY));
            f.template().hasResource("AWS::EFS::FileSystem", Map.of("DeletionPolicy", "Delete"));
            Annotations.fromStack(f.stack)
                    .hasWarning(
                            "/TestStack/SharedData",
                            Match.stringLikeRegexp(".*removalPolicy is DESTROY.*"
                                    + LifecycleFileSystem.WARNING_DESTROY.replace("/", "\\/") + ".*"));
        }

        @Test
        void addsTheFileSystemToABackupPlanInsteadOfAutomaticBackups() {
            Fixture f = new Fixture();
            BackupPlan plan = BackupPlan.daily35DayRetention(f.stack, "Plan");
            LifecycleFileSystem fs = f.fileSystem(b -> b.backupPlan(plan));
            Template t = f.template();
            assertThat(fileSystemProperties(t)).doesNotContainKey("BackupPolicy");
            t.hasResourceProperties(
                    "AWS::Backup::BackupSelection",
                    Map.of(
                            "BackupSelection",
                            Match.objectLike(Map.of(
                                    "Resources",
                                    List.of(Match.objectLike(Map.of(
                                            "Fn::Join",
                                            List.of(
                                                    "",
                                                    Match.arrayWith(
                                                            List.of(Map.of("Ref", FILE_SYSTEM_LOGICAL_ID)))))))))));
            assertThat(fs.getBackupSelection()).isNotNull();
        }

        @Test
        void keepsAutomaticBackupsWithABackupPlanWhenAskedTo() {
            Fixture f = new Fixture();
            BackupPlan plan = BackupPlan.daily35DayRetention(f.stack, "Plan");
            f.fileSystem(b -> b.backupPlan(plan).automaticBackups(true));
            assertThat(fileSystemProperties(f.template())).containsEntry("BackupPolicy", Map.of("Status", "ENABLED"));
        }

        @Test
        void usesAGivenKeyAndSecurityGroup() {
            Fixture f = new Fixture();
            Key key = new Key(f.stack, "MyKey");
            SecurityGroup sg =
                    SecurityGroup.Builder.create(f.stack, "MySg").vpc(f.vpc).build();
            LifecycleFileSystem fs = f.fileSystem(b -> b.key(key).securityGroup(sg));
            Template t = f.template();
            t.resourceCountIs("AWS::KMS::Key", 1);
            assertThat(fileSystemProperties(t).get("KmsKeyId").toString()).contains("MyKey");
            assertThat(fs.getConnections().getSecurityGroups()).containsExactly(sg);
        }
    }

    @Nested
    class Grants {
        @Test
        void grantReadGivesOnlyClientMountThroughTheAccessPoint() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            Role role = Role.Builder.create(f.stack, "Reader")
                    .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                    .build();
            fs.grantRead(role, appData(fs));
            f.template()
                    .hasResourceProperties(
                            "AWS::IAM::Policy",
                            Map.of(
                                    "PolicyDocument",
                                    Map.of(
                                            "Statement",
                                            List.of(Map.of(
                                                    "Effect",
                                                    "Allow",
                                                    "Action",
                                                    "elasticfilesystem:ClientMount",
                                                    "Resource",
                                                    Map.of("Fn::GetAtt", List.of(FILE_SYSTEM_LOGICAL_ID, "Arn")),
                                                    "Condition",
                                                    Map.of(
                                                            "Bool",
                                                                    Map.of(
                                                                            "elasticfilesystem:AccessedViaMountTarget",
                                                                            "true"),
                                                            "StringEquals",
                                                                    Map.of(
                                                                            "elasticfilesystem:AccessPointArn",
                                                                            Match.anyValue())))),
                                            "Version",
                                            "2012-10-17")));
        }

        @Test
        void grantRootAccessIsExplicitAndNotTiedToAnAccessPoint() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            Role admin = Role.Builder.create(f.stack, "Admin")
                    .assumedBy(new AccountPrincipal("111111111111"))
                    .build();
            fs.grantRootAccess(admin);
            f.template()
                    .hasResourceProperties(
                            "AWS::IAM::Policy",
                            Map.of(
                                    "PolicyDocument",
                                    Map.of(
                                            "Statement",
                                            List.of(Map.of(
                                                    "Effect",
                                                    "Allow",
                                                    "Action",
                                                    List.of(
                                                            "elasticfilesystem:ClientMount",
                                                            "elasticfilesystem:ClientRootAccess",
                                                            "elasticfilesystem:ClientWrite"),
                                                    "Resource",
                                                    Map.of("Fn::GetAtt", List.of(FILE_SYSTEM_LOGICAL_ID, "Arn")),
                                                    "Condition",
                                                    Map.of(
                                                            "Bool",
                                                            Map.of(
                                                                    "elasticfilesystem:AccessedViaMountTarget",
                                                                    "true")))),
                                            "Version",
                                            "2012-10-17")));
        }

        @Test
        void readGrantsNeedAnAccessPoint() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            Role role = Role.Builder.create(f.stack, "Reader")
                    .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                    .build();
            assertThatThrownBy(() -> fs.grantReadWrite(role, null))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage("TestStack/SharedData: accessPoint is required, got nothing");
        }

        @Test
        void failsForAPrincipalWithoutAnIdentityPolicy() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            AccessPoint ap = appData(fs);
            assertThatThrownBy(() -> fs.grantReadWrite(new AccountPrincipal("222222222222"), ap))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("grantee must be a role or user of this account");
        }
    }

    @Nested
    class Alarms {
        private Template withTopic(final Consumer<LifecycleFileSystem.Builder> customize, final int alarms) {
            Fixture f = new Fixture();
            Topic topic = new Topic(f.stack, "Alerts");
            LifecycleFileSystem fs = f.fileSystem(b -> customize.accept(b.alertTopic(topic)));
            assertThat(fs.getAlarms()).hasSize(alarms);
            Template t = f.template();
            t.resourceCountIs("AWS::CloudWatch::Alarm", alarms);
            return t;
        }

        @Test
        void burstingGeneralPurposeAlarmsOnIoLimitAndBurstCredits() {
            Template t = withTopic(b -> b.throughputMode(ThroughputMode.BURSTING), 2);
            t.hasResourceProperties(
                    "AWS::CloudWatch::Alarm",
                    Map.of(
                            "MetricName",
                            "PercentIOLimit",
                            "Namespace",
                            "AWS/EFS",
                            "Statistic",
                            "Average",
                            "Period",
                            300,
                            "Threshold",
                            95,
                            "EvaluationPeriods",
                            3,
                            "ComparisonOperator",
                            "GreaterThanOrEqualToThreshold",
                            "AlarmActions",
                            List.of(Map.of("Ref", Match.stringLikeRegexp("Alerts.*")))));
            t.hasResourceProperties(
                    "AWS::CloudWatch::Alarm",
                    Map.of(
                            "MetricName",
                            "BurstCreditBalance",
                            "Statistic",
                            "Minimum",
                            "Threshold",
                            LifecycleFileSystem.BURST_CREDIT_ALARM_THRESHOLD_BYTES,
                            "ComparisonOperator",
                            "LessThanThreshold",
                            "Dimensions",
                            List.of(Map.of("Name", "FileSystemId", "Value", Map.of("Ref", FILE_SYSTEM_LOGICAL_ID)))));
        }

        @Test
        void provisionedGeneralPurposeAlarmsOnIoLimitOnly() {
            withTopic(
                            b -> b.throughputMode(ThroughputMode.PROVISIONED)
                                    .provisionedThroughputPerSecond(Size.mebibytes(5)),
                            1)
                    .hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "PercentIOLimit"));
        }

        @Test
        void burstingMaxIoAlarmsOnBurstCreditsOnly() {
            withTopic(b -> b.throughputMode(ThroughputMode.BURSTING).performanceMode(PerformanceMode.MAX_IO), 1)
                    .hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "BurstCreditBalance"));
        }

        @Test
        void aTlsOnlyTopicOfTheAppLetsTheAlarmsPublish() {
            Fixture f = new Fixture();
            Key key = Key.Builder.create(f.stack, "AlertsKey").build();
            Topic topic = Topic.Builder.create(f.stack, "Alerts")
                    .enforceSsl(true)
                    .masterKey(key)
                    .build();
            f.fileSystem(b -> b.throughputMode(ThroughputMode.BURSTING).alertTopic(topic));
            List<String> checked = new ArrayList<>();
            assertThat(DeployRules.alarmTopicViolations(
                            "TestStack", f.template().toJSON(), checked))
                    .isEmpty();
            assertThat(checked).hasSize(2);
        }

        @Test
        void elasticThroughputNeedsNoAlarmAndSaysSo() {
            Fixture f = new Fixture();
            Topic topic = new Topic(f.stack, "Alerts");
            f.fileSystem(b -> b.alertTopic(topic));
            f.template().resourceCountIs("AWS::CloudWatch::Alarm", 0);
            Annotations.fromStack(f.stack)
                    .hasWarning(
                            "/TestStack/SharedData",
                            Match.stringLikeRegexp(".*no alarm applies to ELASTIC throughput.*"));
        }
    }

    @Nested
    class Metrics {
        @Test
        void storageBytesPerStorageClass() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            Metric ia = fs.metricStorageBytes(StorageClass.INFREQUENT_ACCESS, null);
            assertThat(ia.getNamespace()).isEqualTo("AWS/EFS");
            assertThat(ia.getMetricName()).isEqualTo("StorageBytes");
            assertThat(ia.getDimensions()).containsEntry("StorageClass", "IA").containsKey("FileSystemId");
            assertThat(ia.getPeriod().toMinutes()).isEqualTo(15);
            assertThat(fs.metricStorageBytes(StorageClass.ARCHIVE, null).getDimensions())
                    .containsEntry("StorageClass", "Archive");
            assertThat(fs.metricStorageBytes(StorageClass.TOTAL, null).getDimensions())
                    .containsEntry("StorageClass", "Total");
        }

        @Test
        void throughputAndIoMetrics() {
            Fixture f = new Fixture();
            LifecycleFileSystem fs = f.fileSystem();
            assertThat(fs.metricPercentIoLimit(null).getMetricName()).isEqualTo("PercentIOLimit");
            assertThat(fs.metricBurstCreditBalance(null).getStatistic()).isEqualTo("Minimum");
            assertThat(fs.metricBurstCreditBalance(software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                                    .period(software.amazon.awscdk.Duration.hours(1))
                                    .build())
                            .getStatistic())
                    .isEqualTo("Minimum");
            assertThat(fs.metricMeteredIoBytes(null).getStatistic()).isEqualTo("Sum");
            assertThat(fs.metricPermittedThroughput(null).getMetricName()).isEqualTo("PermittedThroughput");
            assertThat(fs.metricThroughputUtilization()
                            .toMetricConfig()
                            .getMathExpression()
                            .getExpression())
                    .isEqualTo("(metered / PERIOD(metered)) / permitted * 100");
        }
    }
}
