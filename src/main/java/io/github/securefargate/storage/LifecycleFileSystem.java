package io.github.securefargate.storage;

import io.github.securefargate.internal.AlarmTopics;
import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Fargate;
import io.github.securefargate.internal.Keys;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.internal.Rules;
import io.github.securefargate.service.SecureFargateService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.SizeConversionOptions;
import software.amazon.awscdk.SizeRoundingBehavior;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelection;
import software.amazon.awscdk.services.backup.BackupSelectionProps;
import software.amazon.awscdk.services.backup.IBackupPlan;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.AuthorizationConfig;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.ecs.CfnService;
import software.amazon.awscdk.services.ecs.CfnTaskDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.EfsVolumeConfiguration;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.efs.AccessPoint;
import software.amazon.awscdk.services.efs.AccessPointProps;
import software.amazon.awscdk.services.efs.Acl;
import software.amazon.awscdk.services.efs.FileSystem;
import software.amazon.awscdk.services.efs.IAccessPoint;
import software.amazon.awscdk.services.efs.LifecyclePolicy;
import software.amazon.awscdk.services.efs.OutOfInfrequentAccessPolicy;
import software.amazon.awscdk.services.efs.PerformanceMode;
import software.amazon.awscdk.services.efs.PosixUser;
import software.amazon.awscdk.services.efs.ReplicationConfiguration;
import software.amazon.awscdk.services.efs.ThroughputMode;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;
import software.constructs.IConstruct;
import software.constructs.IDependable;

/**
 * An encrypted EFS file system with lifecycle management, locked down for IAM-authorized, TLS-only access through
 * access points, that mounts into a Fargate task with one call.
 *
 * <p>Defaults: Elastic throughput, General Purpose performance, files unread for 30 days move to Infrequent Access and
 * come back to Standard on their first access, encryption at rest with a new customer-managed key, automatic daily
 * backups, retained on delete and on replacement, mount targets in private subnets behind a security group that allows
 * nothing until a service is mounted.
 *
 * <p>The file-system policy always exists: without one, EFS applies its default policy, which gives full access to any
 * client that reaches a mount target, IAM or anonymous. This one denies every client request that is not made over TLS
 * and allows nothing to anyone, so anonymous clients (mounts without IAM authorization) are refused. Access is granted
 * per principal in the principal's own IAM policy by {@link #grantRead}, {@link #grantReadWrite},
 * {@link #grantRootAccess} and {@link #mountInto}: through a mount target and (except root access) through exactly
 * one access point. Those grants cannot live in the file-system policy itself: it is a property of the file system,
 * and an access point ARN in it would make the file system depend on its own access point.
 *
 * <pre>{@code
 * LifecycleFileSystem files = LifecycleFileSystem.Builder.create(this, "SharedFiles")
 *     .vpc(vpc)
 *     .build();
 * IAccessPoint uploads = files.addAccessPoint("Uploads", PosixAccessPointOptions.builder()
 *     .path("/uploads").uid(1000).gid(1000).build());
 * files.mountInto(service, MountOptions.builder().accessPoint(uploads).containerPath("/data").build());
 * }</pre>
 */
public class LifecycleFileSystem extends Construct implements IConnectable {
    /** Default transition to Infrequent Access. */
    public static final LifecyclePolicy DEFAULT_TRANSITION_TO_INFREQUENT_ACCESS = LifecyclePolicy.AFTER_30_DAYS;
    /** Default POSIX permissions of an access point's root directory: owner rwx, group r-x, others nothing. */
    public static final String DEFAULT_ACCESS_POINT_PERMISSIONS = "750";
    /** NFS port. */
    public static final int NFS_PORT = 2049;
    /** Smallest provisioned throughput, in MiB/s. */
    public static final int MIN_PROVISIONED_MIBPS = 1;

    /** {@code PercentIOLimit} alarm threshold, in percent (Average over each period). */
    public static final int PERCENT_IO_LIMIT_ALARM_THRESHOLD = 95;
    /**
     * {@code BurstCreditBalance} alarm threshold, in bytes: one hour of bursting at 100 MiB/s (the lowest burst rate),
     * 100 MiB x 3600 = 351.6 GiB. Below it, throughput soon falls to the baseline of the data size.
     */
    public static final long BURST_CREDIT_ALARM_THRESHOLD_BYTES = 100L * 1024 * 1024 * 3600;
    /** Period of the alarms, in minutes. */
    public static final int ALARM_PERIOD_MINUTES = 5;
    /** Consecutive periods that must breach before an alarm fires (15 minutes). */
    public static final int ALARM_EVALUATION_PERIODS = 3;

    /** Client action: mount read-only. */
    public static final String CLIENT_MOUNT = "elasticfilesystem:ClientMount";
    /** Client action: write. */
    public static final String CLIENT_WRITE = "elasticfilesystem:ClientWrite";
    /** Client action: act as root (uid 0) without squashing. */
    public static final String CLIENT_ROOT_ACCESS = "elasticfilesystem:ClientRootAccess";
    /** Actions of a read-only grant. */
    public static final List<String> READ_ACTIONS = List.of(CLIENT_MOUNT);
    /** Actions of a read-write grant. */
    public static final List<String> READ_WRITE_ACTIONS = List.of(CLIENT_MOUNT, CLIENT_WRITE);
    /** Actions of a root-access grant. */
    public static final List<String> ROOT_ACCESS_ACTIONS = List.of(CLIENT_MOUNT, CLIENT_WRITE, CLIENT_ROOT_ACCESS);
    /** Condition key: the access point a client mounts through. */
    public static final String ACCESS_POINT_ARN_KEY = "elasticfilesystem:AccessPointArn";
    /** Condition key: the client reaches the file system through a mount target. */
    public static final String VIA_MOUNT_TARGET_KEY = "elasticfilesystem:AccessedViaMountTarget";
    /** Sid of the file-system policy statement that denies requests without TLS. */
    public static final String DENY_INSECURE_TRANSPORT_SID = "DenyInsecureTransport";

    /** Warning id: the file system is deleted with the stack or on replacement. */
    public static final String WARNING_DESTROY = "@securefargate/storage:destroyOnDelete";
    /** Warning id: an alarm topic was given but no alarm applies to the throughput and performance modes. */
    public static final String WARNING_NO_ALARM = "@securefargate/storage:noApplicableAlarm";

    private static final Pattern OCTAL_PERMISSIONS = Pattern.compile("^[0-7]{3,4}$");
    private static final Pattern VOLUME_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");
    private static final Pattern PATH_COMPONENT = Pattern.compile("^[^.$#<>;`|&?{}^*/\\n][^$#<>;`|&?{}^*/\\n]*$");
    private static final long MAX_POSIX_ID = 4294967295L;
    private static final int MAX_ACCESS_POINT_PATH_LENGTH = 100;
    private static final int MAX_ACCESS_POINT_PATH_DEPTH = 4;
    private static final int MAX_SECONDARY_GIDS = 16;

    private final FileSystem fileSystem;
    private final IKey key;
    private final ISecurityGroup securityGroup;
    private final ThroughputMode throughputMode;
    private final PerformanceMode performanceMode;
    private final @Nullable BackupSelection backupSelection;
    private final List<Alarm> alarms = new ArrayList<>();
    private final List<AccessPoint> accessPoints = new ArrayList<>();
    /** Volumes added by {@link #mountInto}: task definition address + volume name -> access point ARN. */
    private final Map<String, String> volumes = new LinkedHashMap<>();

    /**
     * @param scope parent
     * @param id    construct id
     * @param props properties
     */
    public LifecycleFileSystem(final Construct scope, final String id, final LifecycleFileSystemProps props) {
        super(scope, id);

        // Defaults.
        IVpc vpc = props.getVpc();
        this.throughputMode = orDefault(props.getThroughputMode(), ThroughputMode.ELASTIC);
        this.performanceMode = orDefault(props.getPerformanceMode(), PerformanceMode.GENERAL_PURPOSE);
        LifecyclePolicy toIa = orDefault(props.getTransitionToInfrequentAccess(),
                DEFAULT_TRANSITION_TO_INFREQUENT_ACCESS);
        LifecyclePolicy toArchive = props.getTransitionToArchive();
        boolean returnOnAccess = orDefault(props.getReturnToStandardOnAccess(), Boolean.TRUE);
        boolean automaticBackups = orDefault(props.getAutomaticBackups(), props.getBackupPlan() == null);
        RemovalPolicy removalPolicy = orDefault(props.getRemovalPolicy(), RemovalPolicy.RETAIN);

        // Validation.
        validate(props, toIa, toArchive, removalPolicy);
        Rules.securityGroupInVpc(this, "securityGroup", props.getSecurityGroup(), vpc);
        SubnetSelection subnets = props.getVpcSubnets() != null ? props.getVpcSubnets() : privateSubnets(vpc);

        // Children.
        this.key = props.getKey() != null ? props.getKey()
                : Keys.create(this, "Key", "Encrypts the EFS file system " + getNode().getPath());
        this.securityGroup = props.getSecurityGroup() != null ? props.getSecurityGroup()
                : SecurityGroup.Builder.create(this, "SecurityGroup")
                        .vpc(vpc)
                        .description("EFS mount targets of " + getNode().getPath() + "; NFS only from mounting services")
                        .allowAllOutbound(false)
                        .build();

        // aws-cdk-lib adds its own statement (any IAM principal may write and act as root through a mount target)
        // unless allowAnonymousAccess is true; the flag only suppresses that statement. This construct writes the
        // whole policy itself: it denies requests without TLS and allows nothing, so the EFS default policy (full
        // access for anyone who reaches a mount target) never applies and anonymous clients are refused. Grants go
        // into the principals' policies, with the exact access point ARN.
        PolicyDocument policy = PolicyDocument.Builder.create()
                .statements(List.of(PolicyStatement.Builder.create()
                        .sid(DENY_INSECURE_TRANSPORT_SID)
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(ROOT_ACCESS_ACTIONS)
                        .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))
                        .build()))
                .build();

        this.fileSystem = FileSystem.Builder.create(this, "Resource")
                .vpc(vpc)
                .vpcSubnets(subnets)
                .securityGroup(securityGroup)
                .encrypted(true)
                .kmsKey(key)
                .throughputMode(throughputMode)
                .provisionedThroughputPerSecond(props.getProvisionedThroughputPerSecond())
                .performanceMode(performanceMode)
                .lifecyclePolicy(toIa)
                .transitionToArchivePolicy(toArchive)
                .outOfInfrequentAccessPolicy(returnOnAccess ? OutOfInfrequentAccessPolicy.AFTER_1_ACCESS : null)
                .enableAutomaticBackups(automaticBackups)
                .removalPolicy(removalPolicy)
                .replicationConfiguration(replication(props))
                .fileSystemPolicy(policy)
                .allowAnonymousAccess(true)
                .fileSystemName(getNode().getPath())
                .build();

        if (props.getBackupPlan() != null) {
            this.backupSelection = addToBackupPlan(props.getBackupPlan());
        } else {
            this.backupSelection = null;
        }
        if (props.getAlarmTopic() != null) {
            createAlarms(props.getAlarmTopic());
        }
        if (removalPolicy == RemovalPolicy.DESTROY) {
            Annotations.of(this).addWarningV2(WARNING_DESTROY, "removalPolicy is DESTROY: the file system of "
                    + getNode().getPath() + " and every file on it are deleted when it is removed from the stack or "
                    + "replaced. Backups in AWS Backup are kept. Use RemovalPolicy.RETAIN for data you need.");
        }
    }

    // ---------------------------------------------------------------- validation

    private void validate(final LifecycleFileSystemProps props, final LifecyclePolicy toIa,
                          final @Nullable LifecyclePolicy toArchive, final RemovalPolicy removalPolicy) {
        Size rate = props.getProvisionedThroughputPerSecond();
        if (toArchive != null) {
            if (days(toArchive) <= days(toIa)) {
                throw Check.fail(this, "transitionToArchive", "must be later than transitionToInfrequentAccess ("
                        + toIa + "), got " + toArchive + "; choose a longer transitionToArchive or a shorter "
                        + "transitionToInfrequentAccess");
            }
            if (performanceMode != PerformanceMode.GENERAL_PURPOSE) {
                throw Check.fail(this, "transitionToArchive", "needs GENERAL_PURPOSE performanceMode, got "
                        + performanceMode + "; set performanceMode(PerformanceMode.GENERAL_PURPOSE) or remove "
                        + "transitionToArchive");
            }
            if (throughputMode != ThroughputMode.ELASTIC) {
                throw Check.fail(this, "transitionToArchive", "needs ELASTIC throughputMode, got " + throughputMode
                        + "; set throughputMode(ThroughputMode.ELASTIC) or remove transitionToArchive");
            }
        }
        if (performanceMode == PerformanceMode.MAX_IO && throughputMode == ThroughputMode.ELASTIC) {
            throw Check.fail(this, "performanceMode", "must be GENERAL_PURPOSE with ELASTIC throughputMode, got MAX_IO; "
                    + "keep GENERAL_PURPOSE (Elastic throughput scales I/O) or choose BURSTING or PROVISIONED "
                    + "throughput for MAX_IO");
        }
        if (throughputMode == ThroughputMode.PROVISIONED) {
            if (rate == null) {
                throw Check.fail(this, "provisionedThroughputPerSecond", "is required with PROVISIONED "
                        + "throughputMode, got nothing; set it (e.g. Size.mebibytes(10)) or use ELASTIC throughput");
            }
            if (!rate.isUnresolved()) {
                double mib = rate.toKibibytes(SizeConversionOptions.builder()
                        .rounding(SizeRoundingBehavior.NONE).build()).doubleValue() / 1024;
                if (mib < MIN_PROVISIONED_MIBPS) {
                    throw Check.fail(this, "provisionedThroughputPerSecond", "must be at least "
                            + MIN_PROVISIONED_MIBPS + " MiB per second, got " + Check.fmt(mib) + " MiB");
                }
            }
            Check.tokenInMebibytes(this, "provisionedThroughputPerSecond", rate);
        } else if (rate != null) {
            throw Check.fail(this, "provisionedThroughputPerSecond", "applies only to PROVISIONED throughputMode, got "
                    + "a rate with " + throughputMode + "; set throughputMode(ThroughputMode.PROVISIONED) or remove it");
        }
        if (removalPolicy == RemovalPolicy.SNAPSHOT) {
            throw Check.fail(this, "removalPolicy", "must be RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY, got "
                    + "SNAPSHOT, which EFS does not support; keep RETAIN and rely on backups");
        }
        validateReplication(props);
    }

    private void validateReplication(final LifecycleFileSystemProps props) {
        String region = props.getReplicationRegion();
        IKey replicaKey = props.getReplicationKey();
        if (region == null) {
            if (replicaKey != null) {
                throw Check.fail(this, "replicationKey", "applies only with replicationRegion, got a key without one; "
                        + "set replicationRegion or remove replicationKey");
            }
            return;
        }
        if (Check.isToken(region)) {
            return;
        }
        Rules.region(this, "replicationRegion", region);
        String here = Stack.of(this).getRegion();
        if (!Token.isUnresolved(here) && here.equals(region)) {
            throw Check.fail(this, "replicationRegion", "must differ from the file system's Region (" + here
                    + ") to protect against a Regional outage, got " + region);
        }
        if (replicaKey != null) {
            String keyRegion = replicaKey.getEnv().getRegion();
            if (!Token.isUnresolved(keyRegion) && !keyRegion.equals(region)) {
                throw Check.fail(this, "replicationKey", "must be a key in the replication Region " + region
                        + ", got a key in " + keyRegion + "; import it with Key.fromKeyArn(...) using its ARN in "
                        + region);
            }
        }
    }

    private @Nullable ReplicationConfiguration replication(final LifecycleFileSystemProps props) {
        if (props.getReplicationRegion() == null) {
            return null;
        }
        return props.getReplicationKey() != null
                ? ReplicationConfiguration.regionalFileSystem(props.getReplicationRegion(), props.getReplicationKey())
                : ReplicationConfiguration.regionalFileSystem(props.getReplicationRegion());
    }

    private SubnetSelection privateSubnets(final IVpc vpc) {
        if (!vpc.getPrivateSubnets().isEmpty()) {
            return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).onePerAz(true).build();
        }
        if (!vpc.getIsolatedSubnets().isEmpty()) {
            return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).onePerAz(true).build();
        }
        throw Check.fail(this, "vpcSubnets", "must select private subnets for the mount targets, got a VPC without "
                + "private or isolated subnets; add private subnets or pass vpcSubnets explicitly");
    }

    /** @return the number of days of a lifecycle policy, e.g. 30 for AFTER_30_DAYS */
    static int days(final LifecyclePolicy policy) {
        String[] parts = policy.name().split("_");
        return Integer.parseInt(parts[1]);
    }

    // ---------------------------------------------------------------- backups and alarms

    private BackupSelection addToBackupPlan(final IBackupPlan plan) {
        BackupSelection selection = new BackupSelection(this, "BackupSelection", BackupSelectionProps.builder()
                .backupPlan(plan)
                .resources(List.of(BackupResource.fromEfsFileSystem(fileSystem)))
                .allowRestores(false)
                .build());
        Nag.suppress(selection.getNode().findChild("Role"), "AWS Backup assumes this role to back up the file "
                + "system; AWSBackupServiceRolePolicyForBackup is the service role policy AWS Backup documents for "
                + "it, and it is maintained by AWS as the service adds resource types",
                List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"),
                "AwsSolutions-IAM4");
        return selection;
    }

    private void createAlarms(final ITopic topic) {
        Duration period = Duration.minutes(ALARM_PERIOD_MINUTES);
        if (performanceMode == PerformanceMode.GENERAL_PURPOSE && throughputMode != ThroughputMode.ELASTIC) {
            alarms.add(Alarm.Builder.create(this, "PercentIoLimitAlarm")
                    .alarmDescription("EFS " + getNode().getPath() + " is close to the I/O limit of General Purpose "
                            + "mode: latency rises. Consider Elastic throughput.")
                    .metric(metricPercentIoLimit(MetricOptions.builder().period(period).statistic("Average").build()))
                    .threshold(PERCENT_IO_LIMIT_ALARM_THRESHOLD)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                    .evaluationPeriods(ALARM_EVALUATION_PERIODS)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build());
        }
        if (throughputMode == ThroughputMode.BURSTING) {
            alarms.add(Alarm.Builder.create(this, "BurstCreditBalanceAlarm")
                    .alarmDescription("EFS " + getNode().getPath() + " has less than one hour of burst credits at "
                            + "100 MiB/s left: throughput will fall to the baseline of its size.")
                    .metric(metricBurstCreditBalance(MetricOptions.builder().period(period).statistic("Minimum")
                            .build()))
                    .threshold(BURST_CREDIT_ALARM_THRESHOLD_BYTES)
                    .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .evaluationPeriods(ALARM_EVALUATION_PERIODS)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build());
        }
        if (alarms.isEmpty()) {
            Annotations.of(this).addWarningV2(WARNING_NO_ALARM, "alarmTopic is set but no alarm applies to "
                    + throughputMode + " throughput with " + performanceMode + " performance: PercentIOLimit needs "
                    + "GENERAL_PURPOSE with BURSTING or PROVISIONED throughput, BurstCreditBalance needs BURSTING. "
                    + "Build your own alarms from the metric methods.");
        }
        AlarmTopics.allowAlarms(this, topic);
        SnsAction action = new SnsAction(topic);
        alarms.forEach(alarm -> alarm.addAlarmAction(action));
    }

    // ---------------------------------------------------------------- access points

    /**
     * Adds an access point: every client that mounts through it acts as the given POSIX user, and sees
     * {@code path} as the root of the file system. EFS creates {@code path} with the given owner and permissions
     * when it does not exist.
     *
     * @param id      construct id of the access point
     * @param options POSIX user and root directory
     * @return the access point
     */
    public AccessPoint addAccessPoint(final String id, final PosixAccessPointOptions options) {
        String path = options.getPath();
        Number ownerUid = orDefault(options.getOwnerUid(), options.getUid());
        Number ownerGid = orDefault(options.getOwnerGid(), options.getGid());
        String permissions = orDefault(options.getPermissions(), DEFAULT_ACCESS_POINT_PERMISSIONS);
        String scope = "accessPoint " + id + ": ";
        validateAccessPointPath(scope, path);
        posixId(scope + "uid", options.getUid());
        posixId(scope + "gid", options.getGid());
        posixId(scope + "ownerUid", ownerUid);
        posixId(scope + "ownerGid", ownerGid);
        List<Number> secondary = options.getSecondaryGids() == null ? List.of() : options.getSecondaryGids();
        if (secondary.size() > MAX_SECONDARY_GIDS) {
            throw Check.fail(this, scope + "secondaryGids", "must hold at most " + MAX_SECONDARY_GIDS
                    + " group ids, got " + secondary.size());
        }
        secondary.forEach(gid -> posixId(scope + "secondaryGids", gid));
        if (!Check.isToken(permissions) && !OCTAL_PERMISSIONS.matcher(permissions).matches()) {
            throw Check.fail(this, scope + "permissions", "must be an octal mode of 3 or 4 digits such as 750, got '"
                    + permissions + "'");
        }
        AccessPoint accessPoint = new AccessPoint(this, id, AccessPointProps.builder()
                .fileSystem(fileSystem)
                .path(path)
                .posixUser(PosixUser.builder()
                        .uid(idString(options.getUid()))
                        .gid(idString(options.getGid()))
                        .secondaryGids(secondary.isEmpty() ? null
                                : secondary.stream().map(LifecycleFileSystem::idString).collect(Collectors.toList()))
                        .build())
                .createAcl(Acl.builder()
                        .ownerUid(idString(ownerUid))
                        .ownerGid(idString(ownerGid))
                        .permissions(permissions)
                        .build())
                .build());
        accessPoints.add(accessPoint);
        return accessPoint;
    }

    private void validateAccessPointPath(final String scope, final String path) {
        if (Check.isToken(path)) {
            return;
        }
        String problem = null;
        if (!path.startsWith("/")) {
            problem = "must be an absolute path such as /data";
        } else if (path.length() > MAX_ACCESS_POINT_PATH_LENGTH) {
            problem = "must be at most " + MAX_ACCESS_POINT_PATH_LENGTH + " characters";
        } else if (!"/".equals(path)) {
            String[] parts = path.substring(1).split("/", -1);
            if (parts.length > MAX_ACCESS_POINT_PATH_DEPTH) {
                problem = "must be at most " + MAX_ACCESS_POINT_PATH_DEPTH + " directories deep";
            }
            for (String part : parts) {
                if (problem == null && !PATH_COMPONENT.matcher(part).matches()) {
                    problem = "must consist of non-empty directory names that do not start with '.' and contain "
                            + "none of $#<>;`|&?{}^*";
                }
            }
        }
        if (problem != null) {
            throw Check.fail(this, scope + "path", problem + ", got '" + path + "'");
        }
    }

    private void posixId(final String prop, final Number value) {
        Check.between(this, prop, value, 0, MAX_POSIX_ID);
        if (value != null && !Check.isToken(value) && value.doubleValue() != Math.rint(value.doubleValue())) {
            throw Check.fail(this, prop, "must be a whole number, got " + value);
        }
    }

    private static String idString(final Number value) {
        return Check.isToken(value) ? Token.asString(value) : Long.toString(value.longValue());
    }

    // ---------------------------------------------------------------- mount

    /**
     * Mounts the file system into the application container of a {@link SecureFargateService} through an access
     * point, in one call. See {@link #mountInto(TaskDefinition, IConnectable, MountOptions)} for what it wires.
     *
     * @param service the service
     * @param options access point, container path and options
     */
    public void mountInto(final SecureFargateService service, final MountOptions options) {
        String containerName = orDefault(options.getContainerName(), service.getContainerName());
        mount(service.getTaskDefinition(), service, service.getService(), containerName, options);
    }

    /**
     * Mounts the file system into a container of a Fargate task definition through an access point, in one call:
     *
     * <ul>
     *   <li>adds an EFS volume to the task definition with TLS in transit and IAM authorization through the access
     *   point (root directory omitted: the access point's path is the root);</li>
     *   <li>adds the mount point to the container ({@code readOnly} as asked);</li>
     *   <li>opens NFS (TCP 2049) on the file system's security group from the security groups of {@code tasks}
     *   only;</li>
     *   <li>grants the task role exactly {@code elasticfilesystem:ClientMount} (plus {@code ClientWrite} unless
     *   read-only) on this file system, through a mount target and the access point;</li>
     *   <li>makes a service ({@code tasks} being an ECS service) wait for the mount targets.</li>
     * </ul>
     *
     * @param taskDefinition a Fargate-compatible Linux task definition
     * @param tasks          what runs the tasks: the ECS service or its security group
     * @param options        access point, container path and options
     */
    public void mountInto(final TaskDefinition taskDefinition, final IConnectable tasks, final MountOptions options) {
        String containerName = options.getContainerName();
        if (containerName == null) {
            ContainerDefinition container = taskDefinition.getDefaultContainer();
            if (container == null) {
                throw Check.fail(this, "containerName", "is required when task definition "
                        + taskDefinition.getNode().getPath() + " has no essential container, got nothing");
            }
            containerName = container.getContainerName();
        }
        mount(taskDefinition, tasks, tasks instanceof BaseService ? (BaseService) tasks : null, containerName,
                options);
    }

    private void mount(final TaskDefinition taskDefinition, final IConnectable tasks,
                       final @Nullable BaseService service, final String containerName, final MountOptions options) {
        IAccessPoint accessPoint = options.getAccessPoint();
        boolean readOnly = orDefault(options.getReadOnly(), Boolean.FALSE);
        String volumeName = orDefault(options.getVolumeName(), defaultVolumeName(accessPoint));

        validateTask(taskDefinition, service);
        validateAccessPointOwner(accessPoint);
        String root = options.getRootDirectory();
        if (root != null && !Check.isToken(root) && !"/".equals(root)) {
            throw Check.fail(this, "rootDirectory", "must be omitted or '/' when mounting through an access point "
                    + "(the access point's path is the root), got '" + root + "'; put the directory in the access "
                    + "point's path instead");
        }
        String path = options.getContainerPath();
        if (!Check.isToken(path) && (!path.startsWith("/") || "/".equals(path))) {
            throw Check.fail(this, "containerPath", "must be an absolute path below / such as /data, got '" + path
                    + "'");
        }
        ContainerDefinition container = taskDefinition.findContainer(containerName);
        if (container == null) {
            throw Check.fail(this, "containerName", "must name a container of task definition "
                    + taskDefinition.getNode().getPath() + " (" + String.join(", ", containerNames(taskDefinition))
                    + "), got '" + containerName + "'");
        }
        if (!Check.isToken(volumeName) && !VOLUME_NAME.matcher(volumeName).matches()) {
            throw Check.fail(this, "volumeName", "must be 1-255 letters, digits, hyphens or underscores, got '"
                    + volumeName + "'");
        }

        // Volume (once per task definition and name).
        String volumeKey = taskDefinition.getNode().getAddr() + "/" + volumeName;
        String mountedAccessPoint = volumes.get(volumeKey);
        if (mountedAccessPoint == null) {
            taskDefinition.addVolume(Volume.builder()
                    .name(volumeName)
                    .efsVolumeConfiguration(EfsVolumeConfiguration.builder()
                            .fileSystemId(fileSystem.getFileSystemId())
                            .transitEncryption("ENABLED")
                            .authorizationConfig(AuthorizationConfig.builder()
                                    .accessPointId(accessPoint.getAccessPointId())
                                    .iam("ENABLED")
                                    .build())
                            .build())
                    .build());
            volumes.put(volumeKey, accessPoint.getAccessPointArn());
        } else if (!mountedAccessPoint.equals(accessPoint.getAccessPointArn())) {
            throw Check.fail(this, "volumeName", "must be unique in task definition "
                    + taskDefinition.getNode().getPath() + ", got '" + volumeName + "', already used for another "
                    + "access point; pass a different volumeName");
        }
        container.addMountPoints(MountPoint.builder()
                .sourceVolume(volumeName)
                .containerPath(path)
                .readOnly(readOnly)
                .build());

        // Network: NFS from the tasks only.
        fileSystem.getConnections().allowDefaultPortFrom(tasks, "NFS from " + describe(tasks));

        // IAM: the task role, through this access point.
        IRole taskRole = taskDefinition.getTaskRole();
        if (readOnly) {
            grantRead(taskRole, accessPoint);
        } else {
            grantReadWrite(taskRole, accessPoint);
        }
        IConstruct rolePolicy = taskRole.getNode().tryFindChild("DefaultPolicy");
        if (rolePolicy != null && !suppressed(rolePolicy, Nag.INLINE_POLICY_RULES[0])) {
            Nag.suppress(rolePolicy, "Role-scoped policy generated by CDK grants for this task role only; it holds "
                    + "the EFS client grant of the mounted access point", null, Nag.INLINE_POLICY_RULES);
        }

        // Tasks start only once the mount targets exist.
        if (service != null) {
            service.getNode().addDependency(fileSystem.getMountTargetsAvailable());
        }
    }

    private void validateTask(final TaskDefinition taskDefinition, final @Nullable BaseService service) {
        String td = taskDefinition.getNode().getPath();
        if (!Boolean.TRUE.equals(taskDefinition.getIsFargateCompatible())) {
            throw Check.fail(this, "taskDefinition", "must be Fargate-compatible, got " + td + " with compatibility "
                    + taskDefinition.getCompatibility() + "; use a FargateTaskDefinition");
        }
        String os = operatingSystemFamily(taskDefinition);
        if (os != null && !Check.isToken(os) && !"LINUX".equals(os)) {
            throw Check.fail(this, "taskDefinition", "must run Linux (Fargate mounts EFS only in Linux tasks), got "
                    + td + " with operating system " + os);
        }
        if (service != null && service.getNode().getDefaultChild() instanceof CfnService) {
            String version = ((CfnService) service.getNode().getDefaultChild()).getPlatformVersion();
            if (version != null && !Check.isToken(version) && !Fargate.isAtLeast14(version)) {
                throw Check.fail(this, "service", "must run on Fargate platform version 1.4.0 or later to mount EFS, "
                        + "got " + service.getNode().getPath() + " on " + version);
            }
        }
    }

    private void validateAccessPointOwner(final IAccessPoint accessPoint) {
        Object owner;
        try {
            owner = accessPoint.getFileSystem();
        } catch (RuntimeException importedWithoutFileSystem) {
            return;
        }
        if (owner instanceof IConstruct
                && !((IConstruct) owner).getNode().getPath().equals(fileSystem.getNode().getPath())) {
            throw Check.fail(this, "accessPoint", "must belong to this file system, got "
                    + accessPoint.getNode().getPath() + " of " + ((IConstruct) owner).getNode().getPath()
                    + "; create it with addAccessPoint(...)");
        }
    }

    @SuppressWarnings("unchecked")
    private static @Nullable String operatingSystemFamily(final TaskDefinition taskDefinition) {
        IConstruct child = taskDefinition.getNode().getDefaultChild();
        if (!(child instanceof CfnTaskDefinition)) {
            return null;
        }
        Object platform = ((CfnTaskDefinition) child).getRuntimePlatform();
        if (platform instanceof CfnTaskDefinition.RuntimePlatformProperty) {
            return ((CfnTaskDefinition.RuntimePlatformProperty) platform).getOperatingSystemFamily();
        }
        if (platform != null) {
            Object resolved = Stack.of(taskDefinition).resolve(platform);
            if (resolved instanceof Map) {
                Object os = ((Map<String, Object>) resolved).get("operatingSystemFamily");
                return os == null ? null : os.toString();
            }
        }
        return null;
    }

    private static List<String> containerNames(final TaskDefinition taskDefinition) {
        List<String> names = new ArrayList<>();
        for (IConstruct child : taskDefinition.getNode().getChildren()) {
            if (child instanceof ContainerDefinition) {
                names.add(((ContainerDefinition) child).getContainerName());
            }
        }
        return names;
    }

    private String defaultVolumeName(final IAccessPoint accessPoint) {
        return (getNode().getId() + "-" + accessPoint.getNode().getId()).replaceAll("[^A-Za-z0-9_-]", "-");
    }

    private static String describe(final IConnectable tasks) {
        return tasks instanceof IConstruct ? ((IConstruct) tasks).getNode().getPath() : "the mounting tasks";
    }

    @SuppressWarnings("unchecked")
    private static boolean suppressed(final IConstruct construct, final String ruleId) {
        IConstruct target = construct.getNode().getDefaultChild() != null
                ? construct.getNode().getDefaultChild() : construct;
        if (!(target instanceof software.amazon.awscdk.CfnResource)) {
            return false;
        }
        Object md = ((software.amazon.awscdk.CfnResource) target).getMetadata(Nag.METADATA_KEY);
        if (!(md instanceof Map) || !(((Map<String, Object>) md).get(Nag.RULES_KEY) instanceof List)) {
            return false;
        }
        return ((List<Object>) ((Map<String, Object>) md).get(Nag.RULES_KEY)).stream()
                .anyMatch(r -> r instanceof Map && ruleId.equals(((Map<String, Object>) r).get("id")));
    }

    // ---------------------------------------------------------------- grants

    /**
     * Grants read-only access ({@code ClientMount}) through an access point and a mount target.
     *
     * @param grantee     role or user of this account; its IAM policy gets the grant
     * @param accessPoint access point of this file system the grantee must mount through
     * @return the grant on the principal
     */
    public Grant grantRead(final IGrantable grantee, final IAccessPoint accessPoint) {
        Check.required(this, "accessPoint", accessPoint);
        return grantClient(grantee, READ_ACTIONS, accessPoint);
    }

    /**
     * Grants read-write access ({@code ClientMount}, {@code ClientWrite}) through an access point and a mount target.
     *
     * @param grantee     principal; see {@link #grantRead}
     * @param accessPoint access point of this file system the grantee must mount through
     * @return the grant on the principal
     */
    public Grant grantReadWrite(final IGrantable grantee, final IAccessPoint accessPoint) {
        Check.required(this, "accessPoint", accessPoint);
        return grantClient(grantee, READ_WRITE_ACTIONS, accessPoint);
    }

    /**
     * Grants root access ({@code ClientMount}, {@code ClientWrite}, {@code ClientRootAccess}) to the whole file
     * system through a mount target, without an access point: for administration only (an access point enforces its
     * POSIX user, so root access through one has no effect).
     *
     * @param grantee principal; see {@link #grantRead}
     * @return the grant on the principal
     */
    public Grant grantRootAccess(final IGrantable grantee) {
        return grantClient(grantee, ROOT_ACCESS_ACTIONS, null);
    }

    private Grant grantClient(final IGrantable grantee, final List<String> actions,
                              final @Nullable IAccessPoint accessPoint) {
        if (accessPoint != null) {
            validateAccessPointOwner(accessPoint);
        }
        Map<String, Map<String, Object>> conditions = new LinkedHashMap<>();
        conditions.put("Bool", Map.of(VIA_MOUNT_TARGET_KEY, "true"));
        if (accessPoint != null) {
            conditions.put("StringEquals", Map.of(ACCESS_POINT_ARN_KEY, accessPoint.getAccessPointArn()));
        }
        Grant grant = Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(actions)
                .resourceArns(List.of(fileSystem.getFileSystemArn()))
                .conditions(conditions)
                .build());
        if (!Boolean.TRUE.equals(grant.getSuccess())) {
            throw Check.fail(this, "grantee", "must be a role or user of this account (the grant goes into its "
                    + "identity policy), got a principal without one; for another account, add a statement to "
                    + "getFileSystem().addToResourcePolicy(...) and grant the principal in its own account");
        }
        return grant;
    }

    // ---------------------------------------------------------------- metrics

    /**
     * @param metricName metric of the {@code AWS/EFS} namespace
     * @param options    overrides
     * @return the metric for this file system (dimension {@code FileSystemId})
     */
    public Metric metric(final String metricName, final @Nullable MetricOptions options) {
        return metric(metricName, "Average", options);
    }

    private Metric metric(final String metricName, final String statistic, final @Nullable MetricOptions options) {
        return metric(metricName, Map.of("FileSystemId", fileSystem.getFileSystemId()), statistic,
                Duration.minutes(ALARM_PERIOD_MINUTES), options);
    }

    private static Metric metric(final String metricName, final Map<String, String> dimensions,
                                 final String statistic, final Duration period, final @Nullable MetricOptions options) {
        Metric metric = Metric.Builder.create()
                .namespace("AWS/EFS")
                .metricName(metricName)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(period)
                .build();
        return options == null ? metric : metric.with(options);
    }

    /**
     * Bytes stored in a storage class (Average over 15 minutes; EFS reports it every 15 minutes). Compare
     * {@link StorageClass#STANDARD} with {@link StorageClass#INFREQUENT_ACCESS} and {@link StorageClass#ARCHIVE} to see
     * what lifecycle management moves.
     *
     * @param storageClass storage class
     * @param options      overrides
     * @return the metric
     */
    public Metric metricStorageBytes(final StorageClass storageClass, final @Nullable MetricOptions options) {
        return metric("StorageBytes", Map.of("FileSystemId", fileSystem.getFileSystemId(),
                "StorageClass", storageClass.getDimensionValue()), "Average", Duration.minutes(15), options);
    }

    /**
     * How close the file system is to the I/O limit of General Purpose mode, in percent (Average). Reported only for
     * General Purpose file systems.
     *
     * @param options overrides
     * @return the metric
     */
    public Metric metricPercentIoLimit(final @Nullable MetricOptions options) {
        return metric("PercentIOLimit", options);
    }

    /**
     * Burst credits left, in bytes (Minimum). Meaningful for Bursting throughput.
     *
     * @param options overrides
     * @return the metric
     */
    public Metric metricBurstCreditBalance(final @Nullable MetricOptions options) {
        return metric("BurstCreditBalance", "Minimum", options);
    }

    /**
     * Throughput the file system may drive, in bytes per second (Average).
     *
     * @param options overrides
     * @return the metric
     */
    public Metric metricPermittedThroughput(final @Nullable MetricOptions options) {
        return metric("PermittedThroughput", options);
    }

    /**
     * Metered I/O (reads, writes, metadata), in bytes per period (Sum).
     *
     * @param options overrides
     * @return the metric
     */
    public Metric metricMeteredIoBytes(final @Nullable MetricOptions options) {
        return metric("MeteredIOBytes", "Sum", options);
    }

    /**
     * Actual I/O (reads, writes, metadata), in bytes per period (Sum).
     *
     * @param options overrides
     * @return the metric
     */
    public Metric metricTotalIoBytes(final @Nullable MetricOptions options) {
        return metric("TotalIOBytes", "Sum", options);
    }

    /**
     * Share of the permitted throughput in use, in percent: metered I/O per second over permitted throughput.
     *
     * @return the metric expression
     */
    public IMetric metricThroughputUtilization() {
        return MathExpression.Builder.create()
                .expression("(metered / PERIOD(metered)) / permitted * 100")
                .usingMetrics(Map.of("metered", metricMeteredIoBytes(null), "permitted",
                        metricPermittedThroughput(null)))
                .label("Throughput utilization (%)")
                .period(Duration.minutes(ALARM_PERIOD_MINUTES))
                .build();
    }

    // ---------------------------------------------------------------- getters

    /** Security-group connections of the mount targets (default port 2049). */
    @Override
    public @NotNull Connections getConnections() {
        return fileSystem.getConnections();
    }

    /** @return the EFS file system */
    public FileSystem getFileSystem() {
        return fileSystem;
    }

    /** @return the file system id */
    public String getFileSystemId() {
        return fileSystem.getFileSystemId();
    }

    /** @return the file system ARN */
    public String getFileSystemArn() {
        return fileSystem.getFileSystemArn();
    }

    /** @return the key that encrypts the file system */
    public IKey getKey() {
        return key;
    }

    /** @return the security group of the mount targets */
    public ISecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    /** @return a dependable that completes when every mount target exists */
    public IDependable getMountTargetsAvailable() {
        return fileSystem.getMountTargetsAvailable();
    }

    /** @return the access points added with {@link #addAccessPoint} */
    public List<AccessPoint> getAccessPoints() {
        return List.copyOf(accessPoints);
    }

    /** @return the alarms created for {@code alarmTopic}; empty without one */
    public List<Alarm> getAlarms() {
        return List.copyOf(alarms);
    }

    /** @return the AWS Backup selection, or null without a backup plan */
    public @Nullable BackupSelection getBackupSelection() {
        return backupSelection;
    }

    /** @return the throughput mode */
    public ThroughputMode getThroughputMode() {
        return throughputMode;
    }

    /** @return the performance mode */
    public PerformanceMode getPerformanceMode() {
        return performanceMode;
    }

    private static <T> T orDefault(final T value, final T fallback) {
        return value != null ? value : fallback;
    }

    /** Builder in the style of aws-cdk-lib: {@code LifecycleFileSystem.Builder.create(scope, id)...build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final LifecycleFileSystemProps.Builder props = LifecycleFileSystemProps.builder();

        private Builder(final Construct scope, final String id) {
            this.scope = scope;
            this.id = id;
        }

        /** @return a builder for the construct {@code id} under {@code scope} */
        public static Builder create(final Construct scope, final String id) {
            return new Builder(scope, id);
        }

        /** @see LifecycleFileSystemProps#getVpc() */
        public Builder vpc(final IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /** @see LifecycleFileSystemProps#getVpcSubnets() */
        public Builder vpcSubnets(final SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /** @see LifecycleFileSystemProps#getSecurityGroup() */
        public Builder securityGroup(final ISecurityGroup securityGroup) {
            props.securityGroup(securityGroup);
            return this;
        }

        /** @see LifecycleFileSystemProps#getKey() */
        public Builder key(final IKey key) {
            props.key(key);
            return this;
        }

        /** @see LifecycleFileSystemProps#getThroughputMode() */
        public Builder throughputMode(final ThroughputMode throughputMode) {
            props.throughputMode(throughputMode);
            return this;
        }

        /** @see LifecycleFileSystemProps#getProvisionedThroughputPerSecond() */
        public Builder provisionedThroughputPerSecond(final Size provisionedThroughputPerSecond) {
            props.provisionedThroughputPerSecond(provisionedThroughputPerSecond);
            return this;
        }

        /** @see LifecycleFileSystemProps#getPerformanceMode() */
        public Builder performanceMode(final PerformanceMode performanceMode) {
            props.performanceMode(performanceMode);
            return this;
        }

        /** @see LifecycleFileSystemProps#getTransitionToInfrequentAccess() */
        public Builder transitionToInfrequentAccess(final LifecyclePolicy transitionToInfrequentAccess) {
            props.transitionToInfrequentAccess(transitionToInfrequentAccess);
            return this;
        }

        /** @see LifecycleFileSystemProps#getTransitionToArchive() */
        public Builder transitionToArchive(final LifecyclePolicy transitionToArchive) {
            props.transitionToArchive(transitionToArchive);
            return this;
        }

        /** @see LifecycleFileSystemProps#getReturnToStandardOnAccess() */
        public Builder returnToStandardOnAccess(final Boolean returnToStandardOnAccess) {
            props.returnToStandardOnAccess(returnToStandardOnAccess);
            return this;
        }

        /** @see LifecycleFileSystemProps#getAutomaticBackups() */
        public Builder automaticBackups(final Boolean automaticBackups) {
            props.automaticBackups(automaticBackups);
            return this;
        }

        /** @see LifecycleFileSystemProps#getBackupPlan() */
        public Builder backupPlan(final IBackupPlan backupPlan) {
            props.backupPlan(backupPlan);
            return this;
        }

        /** @see LifecycleFileSystemProps#getRemovalPolicy() */
        public Builder removalPolicy(final RemovalPolicy removalPolicy) {
            props.removalPolicy(removalPolicy);
            return this;
        }

        /** @see LifecycleFileSystemProps#getReplicationRegion() */
        public Builder replicationRegion(final String replicationRegion) {
            props.replicationRegion(replicationRegion);
            return this;
        }

        /** @see LifecycleFileSystemProps#getReplicationKey() */
        public Builder replicationKey(final IKey replicationKey) {
            props.replicationKey(replicationKey);
            return this;
        }

        /** @see LifecycleFileSystemProps#getAlarmTopic() */
        public Builder alarmTopic(final ITopic alarmTopic) {
            props.alarmTopic(alarmTopic);
            return this;
        }

        /** @return the construct */
        public LifecycleFileSystem build() {
            return new LifecycleFileSystem(scope, id, props.build());
        }
    }
}
