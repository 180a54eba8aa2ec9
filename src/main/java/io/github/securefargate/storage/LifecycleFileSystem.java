package io.github.securefargate.storage;

import static io.github.securefargate.internal.Defaults.orDefault;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Fargate;
import io.github.securefargate.internal.Keys;
import io.github.securefargate.internal.Shared;
import io.github.securefargate.service.SecureFargateService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.backup.BackupSelection;
import software.amazon.awscdk.services.backup.IBackupPlan;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.amazon.awscdk.services.efs.AccessPoint;
import software.amazon.awscdk.services.efs.FileSystem;
import software.amazon.awscdk.services.efs.IAccessPoint;
import software.amazon.awscdk.services.efs.LifecyclePolicy;
import software.amazon.awscdk.services.efs.OutOfInfrequentAccessPolicy;
import software.amazon.awscdk.services.efs.PerformanceMode;
import software.amazon.awscdk.services.efs.ThroughputMode;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;
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

    private final FileSystemSettings settings;
    private final FileSystem fileSystem;
    private final IKey key;
    private final ISecurityGroup securityGroup;
    private final @Nullable BackupSelection backupSelection;
    private final List<Alarm> alarms = new ArrayList<>();
    private final AccessPoints accessPoints;
    private final Mounts mounts;

    /**
     * @param scope parent
     * @param id    construct id
     * @param props properties
     */
    public LifecycleFileSystem(final Construct scope, final String id, final LifecycleFileSystemProps props) {
        super(scope, id);
        // Every default resolved once and validated.
        this.settings = new FileSystemSettings(this, props);
        IVpc vpc = settings.vpc;

        // Children.
        this.key = props.getKey() != null
                ? props.getKey()
                : Keys.create(this, "Key", "Encrypts the EFS file system " + Check.path(this));
        this.securityGroup = props.getSecurityGroup() != null
                ? props.getSecurityGroup()
                : SecurityGroup.Builder.create(this, "SecurityGroup")
                        .vpc(vpc)
                        .description("EFS mount targets of " + Check.path(this) + "; NFS only from mounting services")
                        .allowAllOutbound(false)
                        .build();

        this.fileSystem = FileSystem.Builder.create(this, "Resource")
                .vpc(vpc)
                .vpcSubnets(settings.subnets)
                .securityGroup(securityGroup)
                .encrypted(true)
                .kmsKey(key)
                .throughputMode(settings.throughputMode)
                .provisionedThroughputPerSecond(props.getProvisionedThroughputPerSecond())
                .performanceMode(settings.performanceMode)
                .lifecyclePolicy(settings.toIa)
                .transitionToArchivePolicy(settings.toArchive)
                .outOfInfrequentAccessPolicy(
                        settings.returnOnAccess ? OutOfInfrequentAccessPolicy.AFTER_1_ACCESS : null)
                .enableAutomaticBackups(settings.automaticBackups)
                .removalPolicy(settings.removalPolicy)
                .replicationConfiguration(settings.replication)
                .fileSystemPolicy(ClientAccess.tlsOnlyPolicy())
                .allowAnonymousAccess(true)
                .fileSystemName(Check.path(this))
                .build();
        this.accessPoints = new AccessPoints(this);
        this.mounts = new Mounts(this, fileSystem);

        if (props.getBackupPlan() != null) {
            this.backupSelection = ClientAccess.addToBackupPlan(this, props.getBackupPlan());
        } else {
            this.backupSelection = null;
        }
        if (props.getAlertTopic() != null) {
            alarms.addAll(Monitoring.alarms(this, props.getAlertTopic()));
        }
        if (settings.removalPolicy == RemovalPolicy.DESTROY) {
            Annotations.of(this)
                    .addWarningV2(
                            WARNING_DESTROY,
                            "removalPolicy is DESTROY: the file system of "
                                    + Check.path(this)
                                    + " and every file on it are deleted when it is removed from the stack or "
                                    + "replaced. Backups in AWS Backup are kept. Use RemovalPolicy.RETAIN for data you need.");
        }
    }

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
        return accessPoints.add(id, options);
    }

    /**
     * Mounts the file system into the application container of a {@link SecureFargateService} through an access
     * point, in one call. See {@link #mountInto(TaskDefinition, IConnectable, MountOptions)} for what it wires.
     *
     * @param service the service
     * @param options access point, container path and options
     */
    public void mountInto(final SecureFargateService service, final MountOptions options) {
        String containerName = orDefault(options.getContainerName(), service.getContainerName());
        // The inner FargateService's connections are the service's own; handing aws-cdk-lib the Java-side wrapper
        // would make it call back into Java for each use of them.
        mounts.mount(
                service.getTaskDefinition(),
                service.getService(),
                Check.path(service),
                service.getService(),
                Fargate.versionString(service.getPlatformVersion()),
                Mounts.LINUX,
                containerName,
                options);
    }

    /**
     * Mounts the file system into a container of an ECS service's task definition (an aws-cdk-lib
     * {@code FargateService}, for example) through an access point, in one call. See
     * {@link #mountInto(TaskDefinition, IConnectable, MountOptions)} for what it wires; the container defaults to
     * the task definition's default (first essential) container.
     *
     * @param service the service: Fargate, Linux, platform version 1.4.0 or later
     * @param options access point, container path and options
     */
    public void mountInto(final BaseService service, final MountOptions options) {
        TaskDefinition taskDefinition = service.getTaskDefinition();
        mounts.mount(
                taskDefinition,
                service,
                Check.path(service),
                service,
                Mounts.platformVersion(service),
                null,
                mounts.containerName(taskDefinition, options),
                options);
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
        BaseService service = tasks instanceof BaseService ? (BaseService) tasks : null;
        mounts.mount(
                taskDefinition,
                tasks,
                Mounts.describe(tasks),
                service,
                service == null ? null : Mounts.platformVersion(service),
                null,
                mounts.containerName(taskDefinition, options),
                options);
    }

    /** Fails when {@code accessPoint} belongs to another file system. */
    void validateAccessPointOwner(final IAccessPoint accessPoint) {
        AccessPoints.validateOwner(this, fileSystem, accessPoint);
    }

    /**
     * Grants read-only access ({@code ClientMount}) through an access point and a mount target.
     *
     * @param grantee     role or user of this account; its IAM policy gets the grant
     * @param accessPoint access point of this file system the grantee must mount through
     * @return the grant on the principal
     */
    public Grant grantRead(final IGrantable grantee, final IAccessPoint accessPoint) {
        Check.required(this, "accessPoint", accessPoint);
        return ClientAccess.grant(this, grantee, READ_ACTIONS, accessPoint);
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
        return ClientAccess.grant(this, grantee, READ_WRITE_ACTIONS, accessPoint);
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
        return ClientAccess.grant(this, grantee, ROOT_ACCESS_ACTIONS, null);
    }

    /**
     * @param metricName metric of the {@code AWS/EFS} namespace
     * @param options    overrides
     * @return the metric for this file system (dimension {@code FileSystemId})
     */
    public Metric metric(final String metricName, final @Nullable MetricOptions options) {
        return metric(metricName, "Average", options);
    }

    private Metric metric(final String metricName, final String statistic, final @Nullable MetricOptions options) {
        return Monitoring.metric(
                metricName,
                Map.of("FileSystemId", fileSystem.getFileSystemId()),
                statistic,
                Shared.minutes(ALARM_PERIOD_MINUTES),
                options);
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
        return Monitoring.metric(
                "StorageBytes",
                Map.of("FileSystemId", fileSystem.getFileSystemId(), "StorageClass", storageClass.getDimensionValue()),
                "Average",
                Shared.minutes(15),
                options);
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
        return Monitoring.throughputUtilization(metricMeteredIoBytes(null), metricPermittedThroughput(null));
    }

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
        return accessPoints.all();
    }

    /** @return the alarms created for {@code alertTopic}; empty without one */
    public List<Alarm> getAlarms() {
        return List.copyOf(alarms);
    }

    /** @return the AWS Backup selection, or null without a backup plan */
    public @Nullable BackupSelection getBackupSelection() {
        return backupSelection;
    }

    /** @return the throughput mode */
    public ThroughputMode getThroughputMode() {
        return settings.throughputMode;
    }

    /** @return the performance mode */
    public PerformanceMode getPerformanceMode() {
        return settings.performanceMode;
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

        /** @see LifecycleFileSystemProps#getAlertTopic() */
        public Builder alertTopic(final ITopic alertTopic) {
            props.alertTopic(alertTopic);
            return this;
        }

        /** @return the construct */
        public LifecycleFileSystem build() {
            return new LifecycleFileSystem(scope, id, props.build());
        }
    }
}
