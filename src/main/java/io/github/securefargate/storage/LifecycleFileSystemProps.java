package io.github.securefargate.storage;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.backup.IBackupPlan;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.efs.LifecyclePolicy;
import software.amazon.awscdk.services.efs.PerformanceMode;
import software.amazon.awscdk.services.efs.ThroughputMode;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;

/** Properties of {@link LifecycleFileSystem}. */
public final class LifecycleFileSystemProps {
    private final IVpc vpc;
    private final @Nullable SubnetSelection vpcSubnets;
    private final @Nullable ISecurityGroup securityGroup;
    private final @Nullable IKey key;
    private final @Nullable ThroughputMode throughputMode;
    private final @Nullable Size provisionedThroughputPerSecond;
    private final @Nullable PerformanceMode performanceMode;
    private final @Nullable LifecyclePolicy transitionToInfrequentAccess;
    private final @Nullable LifecyclePolicy transitionToArchive;
    private final @Nullable Boolean returnToStandardOnAccess;
    private final @Nullable Boolean automaticBackups;
    private final @Nullable IBackupPlan backupPlan;
    private final @Nullable RemovalPolicy removalPolicy;
    private final @Nullable String replicationRegion;
    private final @Nullable IKey replicationKey;
    private final @Nullable ITopic alertTopic;

    private LifecycleFileSystemProps(final Builder b) {
        this.vpc = b.vpc;
        this.vpcSubnets = b.vpcSubnets;
        this.securityGroup = b.securityGroup;
        this.key = b.key;
        this.throughputMode = b.throughputMode;
        this.provisionedThroughputPerSecond = b.provisionedThroughputPerSecond;
        this.performanceMode = b.performanceMode;
        this.transitionToInfrequentAccess = b.transitionToInfrequentAccess;
        this.transitionToArchive = b.transitionToArchive;
        this.returnToStandardOnAccess = b.returnToStandardOnAccess;
        this.automaticBackups = b.automaticBackups;
        this.backupPlan = b.backupPlan;
        this.removalPolicy = b.removalPolicy;
        this.replicationRegion = b.replicationRegion;
        this.replicationKey = b.replicationKey;
        this.alertTopic = b.alertTopic;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * VPC of the file system's mount targets. Required.
     */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * Subnets of the mount targets (one per Availability Zone). Choose private subnets: the mount targets need no
     * internet route.
     *
     * @default - one private subnet with egress per Availability Zone, or one isolated subnet per zone when the VPC has
     *     no private subnets with egress
     */
    public @Nullable SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * Security group of the mount targets; it must belong to {@link #getVpc()}. {@link LifecycleFileSystem#mountInto}
     * opens NFS (2049) on it from each mounting service's security group only.
     *
     * @default - a new security group with no ingress and no egress
     */
    public @Nullable ISecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    /**
     * Customer-managed key that encrypts the file system at rest.
     *
     * @default - a new single-Region key with yearly rotation, retained on delete
     */
    public @Nullable IKey getKey() {
        return key;
    }

    /**
     * Throughput mode. ELASTIC scales with the workload and is billed per use; BURSTING earns credits with the size of
     * the data in Standard; PROVISIONED needs {@link #getProvisionedThroughputPerSecond()}.
     *
     * @default ThroughputMode.ELASTIC
     */
    public @Nullable ThroughputMode getThroughputMode() {
        return throughputMode;
    }

    /**
     * Throughput to provision per second, at least 1 MiB; only with {@code ThroughputMode.PROVISIONED}, where it is
     * required.
     *
     * @default - none
     */
    public @Nullable Size getProvisionedThroughputPerSecond() {
        return provisionedThroughputPerSecond;
    }

    /**
     * Performance mode. MAX_IO cannot be combined with ELASTIC throughput or with Archive storage.
     *
     * @default PerformanceMode.GENERAL_PURPOSE
     */
    public @Nullable PerformanceMode getPerformanceMode() {
        return performanceMode;
    }

    /**
     * How long a file stays unread in Standard storage before lifecycle management moves it to Infrequent Access.
     *
     * @default LifecyclePolicy.AFTER_30_DAYS ({@link LifecycleFileSystem#DEFAULT_TRANSITION_TO_INFREQUENT_ACCESS})
     */
    public @Nullable LifecyclePolicy getTransitionToInfrequentAccess() {
        return transitionToInfrequentAccess;
    }

    /**
     * How long a file stays unread in Standard storage before lifecycle management moves it to Archive. Must be later
     * than {@link #getTransitionToInfrequentAccess()}, and needs ELASTIC throughput and GENERAL_PURPOSE performance.
     *
     * @default - files are never moved to Archive
     */
    public @Nullable LifecyclePolicy getTransitionToArchive() {
        return transitionToArchive;
    }

    /**
     * Whether a file in Infrequent Access or Archive moves back to Standard storage on its first access. Turn it off
     * for data that is read once in a while and never becomes hot again (it then stays in the cheaper class).
     *
     * @default true
     */
    public @Nullable Boolean getReturnToStandardOnAccess() {
        return returnToStandardOnAccess;
    }

    /**
     * EFS automatic backups: daily, kept 35 days, in the account's default EFS backup vault.
     *
     * @default - true, or false when {@link #getBackupPlan()} is set (the plan backs the file system up instead)
     */
    public @Nullable Boolean getAutomaticBackups() {
        return automaticBackups;
    }

    /**
     * AWS Backup plan to add the file system to (an AWS Backup selection is created). Use it to keep backups in your own
     * encrypted vault, with your own schedule and retention, or to copy them to another Region or account.
     *
     * @default - no backup selection; automatic backups only
     */
    public @Nullable IBackupPlan getBackupPlan() {
        return backupPlan;
    }

    /**
     * What happens to the file system when it is removed from the stack or replaced. RETAIN keeps the data;
     * DESTROY deletes it and emits warning {@value LifecycleFileSystem#WARNING_DESTROY}. SNAPSHOT is not supported by
     * EFS.
     *
     * @default RemovalPolicy.RETAIN
     */
    public @Nullable RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    /**
     * Region to replicate the file system to, for disaster recovery. EFS creates a read-only destination file system
     * there and keeps it in sync (typically within minutes). A lower-case Region name such as {@code eu-central-1};
     * must differ from the file system's Region.
     *
     * @default - no replication
     */
    public @Nullable String getReplicationRegion() {
        return replicationRegion;
    }

    /**
     * Customer-managed key in {@link #getReplicationRegion()} that encrypts the replica. Only with a replication Region.
     *
     * @default - the replica is encrypted with the AWS managed key {@code aws/elasticfilesystem} of the destination Region
     */
    public @Nullable IKey getReplicationKey() {
        return replicationKey;
    }

    /**
     * Topic that CloudWatch alarms notify. When set, the construct creates the alarms that apply to its throughput and
     * performance modes: {@code PercentIOLimit} for GENERAL_PURPOSE with BURSTING or PROVISIONED throughput, and
     * {@code BurstCreditBalance} for BURSTING throughput. ELASTIC throughput needs neither.
     *
     * @default - no alarms
     */
    public @Nullable ITopic getAlertTopic() {
        return alertTopic;
    }

    /** Builder for {@link LifecycleFileSystemProps}. */
    public static final class Builder {
        private IVpc vpc;
        private SubnetSelection vpcSubnets;
        private ISecurityGroup securityGroup;
        private IKey key;
        private ThroughputMode throughputMode;
        private Size provisionedThroughputPerSecond;
        private PerformanceMode performanceMode;
        private LifecyclePolicy transitionToInfrequentAccess;
        private LifecyclePolicy transitionToArchive;
        private Boolean returnToStandardOnAccess;
        private Boolean automaticBackups;
        private IBackupPlan backupPlan;
        private RemovalPolicy removalPolicy;
        private String replicationRegion;
        private IKey replicationKey;
        private ITopic alertTopic;

        private Builder() {}

        /** @see LifecycleFileSystemProps#getVpc() */
        public Builder vpc(final IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see LifecycleFileSystemProps#getVpcSubnets() */
        public Builder vpcSubnets(final SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** @see LifecycleFileSystemProps#getSecurityGroup() */
        public Builder securityGroup(final ISecurityGroup securityGroup) {
            this.securityGroup = securityGroup;
            return this;
        }

        /** @see LifecycleFileSystemProps#getKey() */
        public Builder key(final IKey key) {
            this.key = key;
            return this;
        }

        /** @see LifecycleFileSystemProps#getThroughputMode() */
        public Builder throughputMode(final ThroughputMode throughputMode) {
            this.throughputMode = throughputMode;
            return this;
        }

        /** @see LifecycleFileSystemProps#getProvisionedThroughputPerSecond() */
        public Builder provisionedThroughputPerSecond(final Size provisionedThroughputPerSecond) {
            this.provisionedThroughputPerSecond = provisionedThroughputPerSecond;
            return this;
        }

        /** @see LifecycleFileSystemProps#getPerformanceMode() */
        public Builder performanceMode(final PerformanceMode performanceMode) {
            this.performanceMode = performanceMode;
            return this;
        }

        /** @see LifecycleFileSystemProps#getTransitionToInfrequentAccess() */
        public Builder transitionToInfrequentAccess(final LifecyclePolicy transitionToInfrequentAccess) {
            this.transitionToInfrequentAccess = transitionToInfrequentAccess;
            return this;
        }

        /** @see LifecycleFileSystemProps#getTransitionToArchive() */
        public Builder transitionToArchive(final LifecyclePolicy transitionToArchive) {
            this.transitionToArchive = transitionToArchive;
            return this;
        }

        /** @see LifecycleFileSystemProps#getReturnToStandardOnAccess() */
        public Builder returnToStandardOnAccess(final Boolean returnToStandardOnAccess) {
            this.returnToStandardOnAccess = returnToStandardOnAccess;
            return this;
        }

        /** @see LifecycleFileSystemProps#getAutomaticBackups() */
        public Builder automaticBackups(final Boolean automaticBackups) {
            this.automaticBackups = automaticBackups;
            return this;
        }

        /** @see LifecycleFileSystemProps#getBackupPlan() */
        public Builder backupPlan(final IBackupPlan backupPlan) {
            this.backupPlan = backupPlan;
            return this;
        }

        /** @see LifecycleFileSystemProps#getRemovalPolicy() */
        public Builder removalPolicy(final RemovalPolicy removalPolicy) {
            this.removalPolicy = removalPolicy;
            return this;
        }

        /** @see LifecycleFileSystemProps#getReplicationRegion() */
        public Builder replicationRegion(final String replicationRegion) {
            this.replicationRegion = replicationRegion;
            return this;
        }

        /** @see LifecycleFileSystemProps#getReplicationKey() */
        public Builder replicationKey(final IKey replicationKey) {
            this.replicationKey = replicationKey;
            return this;
        }

        /** @see LifecycleFileSystemProps#getAlertTopic() */
        public Builder alertTopic(final ITopic alertTopic) {
            this.alertTopic = alertTopic;
            return this;
        }

        /**
         * @return the props
         * @throws IllegalArgumentException when a required prop is missing
         */
        public LifecycleFileSystemProps build() {
            if (vpc == null) {
                throw new IllegalArgumentException("LifecycleFileSystemProps: vpc is required, got nothing");
            }
            return new LifecycleFileSystemProps(this);
        }
    }
}
