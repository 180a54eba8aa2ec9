package io.github.securefargate.guardduty;

/**
 * How GuardDuty decides which ECS clusters get the runtime agent. The cluster tag {@code GuardDutyManaged} works together
 * with the detector's {@code ECS_FARGATE_AGENT_MANAGEMENT} setting.
 */
public enum MonitoringMode {
    /**
     * Automated agent management for the whole account and Region: every Fargate cluster gets the agent, except clusters
     * tagged {@code GuardDutyManaged=false} (see {@link RuntimeMonitoringProps#getExcludedClusters()}). Enables
     * {@code ECS_FARGATE_AGENT_MANAGEMENT} on the detector.
     */
    ACCOUNT_WIDE,
    /**
     * Only clusters tagged {@code GuardDutyManaged=true} get the agent. Enables {@code RUNTIME_MONITORING} and asks for
     * {@code ECS_FARGATE_AGENT_MANAGEMENT} off, unless it was on before the first stack or another stack needs it
     * ({@link #ACCOUNT_WIDE}): then it stays on, and this cluster is monitored either way. Affects no other cluster.
     */
    SELECTED_CLUSTERS,
    /**
     * An organization's delegated GuardDuty administrator manages the detector: the construct only tags the cluster
     * {@code GuardDutyManaged=true} and, by default, verifies at deploy time that Runtime Monitoring is on.
     */
    MANAGED_ELSEWHERE
}
