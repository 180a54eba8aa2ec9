package io.github.securefargate.examples;

import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.guardduty.MonitoringMode;
import io.github.securefargate.guardduty.RuntimeMonitoring;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * Example: GuardDuty Runtime Monitoring for selected clusters only. The cluster is opted in with the tag
 * {@code GuardDutyManaged=true}; the account's detector gets {@code RUNTIME_MONITORING} and, unless another stack needs
 * it, no account-wide agent management, so no other cluster of the account is affected. The stack records itself as an
 * owner of those settings: deleting it gives back only what it alone needed. In an account whose GuardDuty an
 * organization manages, use {@code MonitoringMode.MANAGED_ELSEWHERE} instead.
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
        ExampleServices.acknowledgeChoices(
                ExampleServices.hello(this, cluster).desiredCount(1).build());
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
