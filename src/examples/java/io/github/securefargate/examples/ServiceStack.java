package io.github.securefargate.examples;

import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.guardduty.MonitoringMode;
import io.github.securefargate.guardduty.RuntimeMonitoring;
import io.github.securefargate.service.SecureFargateService;
import io.github.securefargate.storage.LifecycleFileSystem;
import io.github.securefargate.storage.MountOptions;
import io.github.securefargate.storage.PosixAccessPointOptions;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.efs.AccessPoint;
import software.amazon.awscdk.services.efs.LifecyclePolicy;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * Example: a VPC, an encrypted cluster, a secure Fargate service serving HTTPS, shared EFS storage, and GuardDuty
 * Runtime Monitoring of the cluster.
 */
public class ServiceStack extends Stack {
    /** Vault-policy calls denied to everyone, so that the vault's deletion guard cannot be lifted. */
    public static final List<String> VAULT_POLICY_ACTIONS =
            List.of("backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy");

    private final Vpc vpc;
    private final EncryptedCluster cluster;
    private final SecureFargateService service;
    private final LifecycleFileSystem sharedFiles;

    /**
     * @param scope parent
     * @param id    stack id
     * @param props stack properties (environment)
     */
    public ServiceStack(final Construct scope, final String id, final StackProps props) {
        this(scope, id, props, part -> {});
    }

    /**
     * As {@link #ServiceStack(Construct, String, StackProps)}; {@code beforePart} is given the ids of the constructs
     * of each part ({@code +} between them) before the part is built, so that {@link JsiiCallsBenchmark} can count the
     * jsii round trips of each part of this very stack.
     */
    ServiceStack(final Construct scope, final String id, final StackProps props, final Consumer<String> beforePart) {
        super(scope, id, props);
        beforePart.accept("Vpc+FlowLogs+FlowLogsKey+Custom::VpcRestrictDefaultSGCustomResourceProvider");
        this.vpc = ExampleNetwork.vpc(this);
        beforePart.accept("Cluster");
        this.cluster = EncryptedCluster.Builder.create(this, "Cluster").vpc(vpc).build();
        beforePart.accept("Service+WebAcl+WebAclLogging+WebAclLogs+WebAclLogsKey");
        this.service = ExampleServices.acknowledgeChoices(
                ExampleServices.hello(this, cluster).build());
        beforePart.accept("SharedFiles+BackupVault+BackupVaultKey+BackupPlan");
        this.sharedFiles = addSharedStorage();
        beforePart.accept("RuntimeMonitoring");
        addRuntimeMonitoring();
    }

    /**
     * Shared, persistent files for the service: a lifecycle-managed EFS file system (Infrequent Access after 30 days,
     * Archive after 90), backed up by an AWS Backup plan into an encrypted vault, mounted read-write at /data through
     * an access point that acts as the container's user (101).
     */
    private LifecycleFileSystem addSharedStorage() {
        BackupVault vault = BackupVault.Builder.create(this, "BackupVault")
                // Retained, so named per stack instance: a redeploy after `cdk destroy` must not collide with it.
                .backupVaultName(ExampleKeys.perStackInstance("backup-"))
                .encryptionKey(ExampleKeys.key(this, "BackupVaultKey", "Encrypts the example's AWS Backup vault"))
                .blockRecoveryPointDeletion(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        lockVaultPolicy(vault);
        LifecycleFileSystem files = LifecycleFileSystem.Builder.create(this, "SharedFiles")
                .vpc(vpc)
                .transitionToArchive(LifecyclePolicy.AFTER_90_DAYS)
                .backupPlan(BackupPlan.daily35DayRetention(this, "BackupPlan", vault))
                .build();
        AccessPoint content = files.addAccessPoint(
                "AppData",
                PosixAccessPointOptions.builder()
                        .path("/app-data")
                        .uid(ExampleServices.HELLO_UID)
                        .gid(ExampleServices.HELLO_UID)
                        .build());
        files.mountInto(
                service,
                MountOptions.builder()
                        .accessPoint(content)
                        .containerPath("/data")
                        .build());
        return files;
    }

    /**
     * Makes the vault's deletion guard permanent. {@code blockRecoveryPointDeletion} denies deleting recovery points
     * and changing their lifecycle; without also denying the vault-policy calls, anyone allowed
     * {@code backup:PutBackupVaultAccessPolicy} or {@code backup:DeleteBackupVaultAccessPolicy} could lift that guard
     * first. AWS Config's backup-recovery-point-manual-deletion-disabled rule asks for the same three actions with
     * {@code *} as principal and resource
     * (https://docs.aws.amazon.com/config/latest/developerguide/backup-recovery-point-manual-deletion-disabled.html).
     * Consequence: the vault policy can no longer be changed, also not by CloudFormation (an update that changes it
     * fails and rolls back).
     */
    static void lockVaultPolicy(final BackupVault vault) {
        vault.addToAccessPolicy(PolicyStatement.Builder.create()
                .sid("DenyVaultPolicyChanges")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(VAULT_POLICY_ACTIONS)
                .resources(List.of("*"))
                .build());
    }

    /**
     * GuardDuty Runtime Monitoring for the cluster, account-wide (automated agent management) on the account's
     * existing detector, with e-mail alerts and automatic isolation of tasks named in high-severity findings.
     */
    private void addRuntimeMonitoring() {
        RuntimeMonitoring.Builder.create(this, "RuntimeMonitoring")
                .cluster(cluster)
                .mode(MonitoringMode.ACCOUNT_WIDE)
                .alertEmails(List.of(ExampleEnvironments.context(this, "alertEmail", "security@example.com")))
                .isolateTasks(true)
                .build();
    }

    /** @return the VPC */
    public Vpc getVpc() {
        return vpc;
    }

    /** @return the encrypted cluster */
    public EncryptedCluster getCluster() {
        return cluster;
    }

    /** @return the service */
    public SecureFargateService getService() {
        return service;
    }

    /** @return the shared file system mounted into the service */
    public LifecycleFileSystem getSharedFiles() {
        return sharedFiles;
    }
}
