package io.github.securefargate.examples;

import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.guardduty.MonitoringMode;
import io.github.securefargate.guardduty.RuntimeMonitoring;
import io.github.securefargate.service.SecureFargateService;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import java.util.List;
import software.constructs.Construct;

/** Example: a VPC, an encrypted cluster and a secure Fargate service serving HTTPS. */
public class ServiceStack extends Stack {
    private final Vpc vpc;
    private final EncryptedCluster cluster;
    private final SecureFargateService service;

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
        this.service = SecureFargateService.Builder.create(this, "Service")
                .cluster(cluster.getCluster())
                .image(ContainerImage.fromAsset("examples/hello"))
                .containerPort(8080)
                .user("101")
                .certificate(Certificate.fromCertificateArn(this, "Certificate",
                        ExampleEnvironments.context(this, "certificateArn", ExampleEnvironments.CERTIFICATE_ARN)))
                .webAcl(ExampleNetwork.webAcl(this))
                .build();
        addRuntimeMonitoring();
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
}
