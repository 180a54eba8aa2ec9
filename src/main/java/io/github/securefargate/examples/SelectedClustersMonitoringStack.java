package io.github.securefargate.examples;

import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.guardduty.MonitoringMode;
import io.github.securefargate.guardduty.RuntimeMonitoring;
import io.github.securefargate.service.SecureFargateService;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.constructs.Construct;

/**
 * Example: GuardDuty Runtime Monitoring for selected clusters only. The cluster is opted in with the tag
 * {@code GuardDutyManaged=true}; the account's detector gets {@code RUNTIME_MONITORING} without account-wide agent
 * management, so no other cluster of the account is affected.
 */
public class SelectedClustersMonitoringStack extends Stack {
    private final EncryptedCluster cluster;
    private final RuntimeMonitoring monitoring;

    /**
     * @param scope parent
     * @param id    stack id
     * @param props stack properties (environment)
     */
    public SelectedClustersMonitoringStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);
        Vpc vpc = ExampleNetwork.vpc(this);
        this.cluster = EncryptedCluster.Builder.create(this, "Cluster").vpc(vpc).build();
        SecureFargateService.Builder.create(this, "Service")
                .cluster(cluster.getCluster())
                .image(ContainerImage.fromAsset("examples/hello"))
                .containerPort(8080)
                .user("101")
                .desiredCount(1)
                .certificate(Certificate.fromCertificateArn(this, "Certificate",
                        ExampleEnvironments.context(this, "monitoringCertificateArn",
                                "arn:aws:acm:eu-west-1:555555555555:certificate/00000000-0000-0000-0000-000000000000")))
                .webAcl(ExampleNetwork.webAcl(this))
                .build();
        this.monitoring = RuntimeMonitoring.Builder.create(this, "RuntimeMonitoring")
                .cluster(cluster)
                .mode(MonitoringMode.SELECTED_CLUSTERS)
                .alertEmails(List.of(ExampleEnvironments.context(this, "alertEmail", "security@example.com")))
                .minimumSeverity(7)
                .build();
    }

    /** @return the monitored cluster */
    public EncryptedCluster getCluster() {
        return cluster;
    }

    /** @return the runtime monitoring */
    public RuntimeMonitoring getMonitoring() {
        return monitoring;
    }
}
