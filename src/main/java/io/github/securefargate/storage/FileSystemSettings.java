package io.github.securefargate.storage;

import static io.github.securefargate.internal.Defaults.orDefault;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Rules;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.SizeConversionOptions;
import software.amazon.awscdk.SizeRoundingBehavior;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.efs.LifecyclePolicy;
import software.amazon.awscdk.services.efs.PerformanceMode;
import software.amazon.awscdk.services.efs.ReplicationConfiguration;
import software.amazon.awscdk.services.efs.ThroughputMode;
import software.amazon.awscdk.services.kms.IKey;

/**
 * Every setting of a {@link LifecycleFileSystem}, defaults resolved once and validated.
 *
 * <p>Not part of the public API.
 */
final class FileSystemSettings {
    final LifecycleFileSystemProps props;
    final IVpc vpc;
    final ThroughputMode throughputMode;
    final PerformanceMode performanceMode;
    final LifecyclePolicy toIa;
    final @Nullable LifecyclePolicy toArchive;
    final boolean returnOnAccess;
    final boolean automaticBackups;
    final RemovalPolicy removalPolicy;
    final SubnetSelection subnets;
    final @Nullable ReplicationConfiguration replication;

    private final LifecycleFileSystem owner;

    FileSystemSettings(final LifecycleFileSystem owner, final LifecycleFileSystemProps props) {
        this.owner = owner;
        this.props = props;
        this.vpc = props.getVpc();
        this.throughputMode = orDefault(props.getThroughputMode(), ThroughputMode.ELASTIC);
        this.performanceMode = orDefault(props.getPerformanceMode(), PerformanceMode.GENERAL_PURPOSE);
        this.toIa = orDefault(
                props.getTransitionToInfrequentAccess(), LifecycleFileSystem.DEFAULT_TRANSITION_TO_INFREQUENT_ACCESS);
        this.toArchive = props.getTransitionToArchive();
        this.returnOnAccess = orDefault(props.getReturnToStandardOnAccess(), Boolean.TRUE);
        this.automaticBackups = orDefault(props.getAutomaticBackups(), props.getBackupPlan() == null);
        this.removalPolicy = orDefault(props.getRemovalPolicy(), RemovalPolicy.RETAIN);

        validate();
        Rules.securityGroupInVpc(owner, "securityGroup", props.getSecurityGroup(), vpc);
        this.subnets = props.getVpcSubnets() != null ? props.getVpcSubnets() : privateSubnets();
        this.replication = replication();
    }

    private void validate() {
        Size rate = props.getProvisionedThroughputPerSecond();
        if (toArchive != null) {
            if (days(toArchive) <= days(toIa)) {
                throw Check.fail(
                        owner,
                        "transitionToArchive",
                        "must be later than transitionToInfrequentAccess ("
                                + toIa + "), got " + toArchive + "; choose a longer transitionToArchive or a shorter "
                                + "transitionToInfrequentAccess");
            }
            if (performanceMode != PerformanceMode.GENERAL_PURPOSE) {
                throw Check.fail(
                        owner,
                        "transitionToArchive",
                        "needs GENERAL_PURPOSE performanceMode, got "
                                + performanceMode + "; set performanceMode(PerformanceMode.GENERAL_PURPOSE) or remove "
                                + "transitionToArchive");
            }
            if (throughputMode != ThroughputMode.ELASTIC) {
                throw Check.fail(
                        owner,
                        "transitionToArchive",
                        "needs ELASTIC throughputMode, got " + throughputMode
                                + "; set throughputMode(ThroughputMode.ELASTIC) or remove transitionToArchive");
            }
        }
        if (performanceMode == PerformanceMode.MAX_IO && throughputMode == ThroughputMode.ELASTIC) {
            throw Check.fail(
                    owner,
                    "performanceMode",
                    "must be GENERAL_PURPOSE with ELASTIC throughputMode, got MAX_IO; "
                            + "keep GENERAL_PURPOSE (Elastic throughput scales I/O) or choose BURSTING or PROVISIONED "
                            + "throughput for MAX_IO");
        }
        if (throughputMode == ThroughputMode.PROVISIONED) {
            if (rate == null) {
                throw Check.fail(
                        owner,
                        "provisionedThroughputPerSecond",
                        "is required with PROVISIONED "
                                + "throughputMode, got nothing; set it (e.g. Size.mebibytes(10)) or use ELASTIC throughput");
            }
            if (!rate.isUnresolved()) {
                double mib = rate.toKibibytes(SizeConversionOptions.builder()
                                        .rounding(SizeRoundingBehavior.NONE)
                                        .build())
                                .doubleValue()
                        / 1024;
                if (mib < LifecycleFileSystem.MIN_PROVISIONED_MIBPS) {
                    throw Check.fail(
                            owner,
                            "provisionedThroughputPerSecond",
                            "must be at least " + LifecycleFileSystem.MIN_PROVISIONED_MIBPS + " MiB per second, got "
                                    + Check.fmt(mib) + " MiB");
                }
            }
            Check.tokenInMebibytes(owner, "provisionedThroughputPerSecond", rate);
        } else if (rate != null) {
            throw Check.fail(
                    owner,
                    "provisionedThroughputPerSecond",
                    "applies only to PROVISIONED throughputMode, got " + "a rate with " + throughputMode
                            + "; set throughputMode(ThroughputMode.PROVISIONED) or remove it");
        }
        if (removalPolicy == RemovalPolicy.SNAPSHOT) {
            throw Check.fail(
                    owner,
                    "removalPolicy",
                    "must be RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY, got "
                            + "SNAPSHOT, which EFS does not support; keep RETAIN and rely on backups");
        }
        validateReplication();
    }

    private void validateReplication() {
        String region = props.getReplicationRegion();
        IKey replicaKey = props.getReplicationKey();
        if (region == null) {
            if (replicaKey != null) {
                throw Check.fail(
                        owner,
                        "replicationKey",
                        "applies only with replicationRegion, got a key without one; "
                                + "set replicationRegion or remove replicationKey");
            }
            return;
        }
        if (Check.isToken(region)) {
            return;
        }
        Rules.region(owner, "replicationRegion", region);
        String here = Env.region(owner);
        if (!Check.isToken(here) && here.equals(region)) {
            throw Check.fail(
                    owner,
                    "replicationRegion",
                    "must differ from the file system's Region (" + here
                            + ") to protect against a Regional outage, got " + region);
        }
        if (replicaKey != null) {
            String keyRegion = replicaKey.getEnv().getRegion();
            if (!Check.isToken(keyRegion) && !keyRegion.equals(region)) {
                throw Check.fail(
                        owner,
                        "replicationKey",
                        "must be a key in the replication Region " + region
                                + ", got a key in " + keyRegion
                                + "; import it with Key.fromKeyArn(...) using its ARN in "
                                + region);
            }
        }
    }

    private @Nullable ReplicationConfiguration replication() {
        if (props.getReplicationRegion() == null) {
            return null;
        }
        return props.getReplicationKey() != null
                ? ReplicationConfiguration.regionalFileSystem(props.getReplicationRegion(), props.getReplicationKey())
                : ReplicationConfiguration.regionalFileSystem(props.getReplicationRegion());
    }

    private SubnetSelection privateSubnets() {
        if (!vpc.getPrivateSubnets().isEmpty()) {
            return SubnetSelection.builder()
                    .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                    .onePerAz(true)
                    .build();
        }
        if (!vpc.getIsolatedSubnets().isEmpty()) {
            return SubnetSelection.builder()
                    .subnetType(SubnetType.PRIVATE_ISOLATED)
                    .onePerAz(true)
                    .build();
        }
        throw Check.fail(
                owner,
                "vpcSubnets",
                "must select private subnets for the mount targets, got a VPC without "
                        + "private or isolated subnets; add private subnets or pass vpcSubnets explicitly");
    }

    /** @return the number of days of a lifecycle policy, e.g. 30 for AFTER_30_DAYS */
    static int days(final LifecyclePolicy policy) {
        String[] parts = policy.name().split("_");
        return Integer.parseInt(parts[1]);
    }
}
