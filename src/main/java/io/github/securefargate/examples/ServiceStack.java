package io.github.securefargate.examples;

import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.guardduty.MonitoringMode;
import io.github.securefargate.guardduty.RuntimeMonitoring;
import io.github.securefargate.internal.Keys;
import io.github.securefargate.service.SecureFargateService;
import io.github.securefargate.storage.LifecycleFileSystem;
import io.github.securefargate.storage.MountOptions;
import io.github.securefargate.storage.PosixAccessPointOptions;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.efs.AccessPoint;
import software.amazon.awscdk.services.efs.LifecyclePolicy;
import software.constructs.Construct;

/**
 * Example: a VPC, an encrypted cluster, a secure Fargate service serving HTTPS, shared EFS storage, and GuardDuty
 * Runtime Monitoring of the cluster.
 */
public class ServiceStack extends Stack {
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
        super(scope, id, props);
        this.vpc = ExampleNetwork.vpc(this);
        this.cluster = EncryptedCluster.Builder.create(this, "Cluster")
                .vpc(vpc)
                .build();
        this.service = ExampleServices.hello(this, cluster).build();
        this.sharedFiles = addSharedStorage();
        addRuntimeMonitoring();
    }

    /**
     * Shared, persistent files for the service: a lifecycle-managed EFS file system (Infrequent Access after 30 days,
     * Archive after 90), backed up by an AWS Backup plan into an encrypted vault, mounted read-write at /data through
     * an access point that acts as the container's user (101).
     */
    private LifecycleFileSystem addSharedStorage() {
        BackupVault vault = BackupVault.Builder.create(this, "BackupVault")
                .encryptionKey(Keys.create(this, "BackupVaultKey", "Encrypts the example's AWS Backup vault"))
                .blockRecoveryPointDeletion(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        LifecycleFileSystem files = LifecycleFileSystem.Builder.create(this, "SharedFiles")
                .vpc(vpc)
                .transitionToArchive(LifecyclePolicy.AFTER_90_DAYS)
                .backupPlan(BackupPlan.daily35DayRetention(this, "BackupPlan", vault))
                .build();
        AccessPoint content = files.addAccessPoint("AppData", PosixAccessPointOptions.builder()
                .path("/app-data")
                .uid(ExampleServices.HELLO_UID)
                .gid(ExampleServices.HELLO_UID)
                .build());
        files.mountInto(service, MountOptions.builder()
                .accessPoint(content)
                .containerPath("/data")
                .build());
        return files;
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
