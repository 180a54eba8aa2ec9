package io.github.securefargate.guardduty;

import io.github.securefargate.internal.Check;
import java.util.List;
import software.amazon.awscdk.services.ecs.ICluster;

/** The synth-time checks of a {@link RuntimeMonitoring}'s props, in the construct's words. */
final class MonitoringValidation {
    private MonitoringValidation() {}

    static void validate(
            final RuntimeMonitoring owner,
            final RuntimeMonitoringProps props,
            final ICluster cluster,
            final MonitoringMode mode,
            final DetectorSetup detectorSetup,
            final List<ICluster> excludedClusters,
            final Number minimumSeverity,
            final Number isolationSeverity,
            final boolean coverage,
            final boolean findings,
            final boolean isolate) {
        Check.between(
                owner,
                "minimumSeverity",
                minimumSeverity,
                RuntimeMonitoring.MIN_SEVERITY,
                RuntimeMonitoring.MAX_SEVERITY);
        Check.between(
                owner,
                "isolationMinimumSeverity",
                isolationSeverity,
                RuntimeMonitoring.MIN_SEVERITY,
                RuntimeMonitoring.MAX_SEVERITY);
        Check.alertTopicOrEmails(owner, props.getAlertTopic(), props.getAlertEmails());
        if (!coverage && !findings && !isolate && (props.getAlertTopic() != null || props.getAlertEmails() != null)) {
            throw Check.fail(
                    owner,
                    "alertTopic",
                    "has no effect because coverageAlerts and findingAlerts are false "
                            + "and isolateTasks is off; remove alertTopic/alertEmails or turn an alert on");
        }
        if (!isolate && props.getIsolationMinimumSeverity() != null) {
            throw Check.fail(
                    owner,
                    "isolationMinimumSeverity",
                    "applies only with isolateTasks(true), got "
                            + Check.fmt(props.getIsolationMinimumSeverity().doubleValue()) + " with isolation off");
        }
        if (!excludedClusters.isEmpty() && mode != MonitoringMode.ACCOUNT_WIDE) {
            throw Check.fail(
                    owner,
                    "excludedClusters",
                    "applies only with MonitoringMode.ACCOUNT_WIDE (opt-out "
                            + "by tag), got " + excludedClusters.size() + " cluster(s) with " + mode + ", which opts "
                            + "clusters in: include and exclude mode cannot be combined. Remove excludedClusters or use "
                            + "ACCOUNT_WIDE");
        }
        for (ICluster excluded : excludedClusters) {
            if (ConstructIndex.sameCluster(cluster, excluded)) {
                throw Check.fail(
                        owner,
                        "excludedClusters",
                        "must not contain the monitored cluster, got "
                                + Check.path(excluded)
                                + (excluded == cluster
                                        ? ""
                                        : " (a reference to cluster " + ConstructIndex.clusterName(cluster)
                                                + " by name)")
                                + " both included (cluster) and "
                                + "excluded; remove it from excludedClusters");
            }
        }
        if (mode == MonitoringMode.MANAGED_ELSEWHERE
                && (detectorSetup == DetectorSetup.CREATE || detectorSetup == DetectorSetup.UPDATE_EXISTING)) {
            throw Check.fail(
                    owner,
                    "detector",
                    "must be VERIFY or NONE with MonitoringMode.MANAGED_ELSEWHERE (the "
                            + "organization's GuardDuty administrator owns the detector), got " + detectorSetup);
        }
        if (detectorSetup != DetectorSetup.UPDATE_EXISTING && props.getRestoreDetectorOnDelete() != null) {
            throw Check.fail(
                    owner,
                    "restoreDetectorOnDelete",
                    "applies only with DetectorSetup.UPDATE_EXISTING, got " + props.getRestoreDetectorOnDelete()
                            + " with " + detectorSetup);
        }
    }
}
