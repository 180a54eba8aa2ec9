package io.github.securefargate.guardduty;

import io.github.securefargate.cluster.EncryptedCluster;
import java.util.List;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/** Properties of {@link RuntimeMonitoring}. */
public final class RuntimeMonitoringProps {
    private final ICluster cluster;
    private final @Nullable IVpc vpc;
    private final @Nullable MonitoringMode mode;
    private final @Nullable DetectorSetup detector;
    private final @Nullable Boolean restoreDetectorOnDelete;
    private final @Nullable List<ICluster> excludedClusters;
    private final @Nullable Boolean dataEndpoint;
    private final @Nullable Boolean cleanUpManagedEndpoint;
    private final @Nullable SubnetSelection vpcSubnets;
    private final @Nullable ITopic alertTopic;
    private final @Nullable List<String> alertEmails;
    private final @Nullable Boolean coverageAlerts;
    private final @Nullable Boolean findingAlerts;
    private final @Nullable Number minimumSeverity;
    private final @Nullable IRuleTarget findingTarget;
    private final @Nullable Boolean isolateTasks;
    private final @Nullable Number isolationMinimumSeverity;
    private final @Nullable Boolean forceNewDeployment;
    private final @Nullable RetentionDays logRetention;

    private RuntimeMonitoringProps(final Builder b) {
        this.cluster = b.cluster;
        this.vpc = b.vpc;
        this.mode = b.mode;
        this.detector = b.detector;
        this.restoreDetectorOnDelete = b.restoreDetectorOnDelete;
        this.excludedClusters = b.excludedClusters == null ? null : List.copyOf(b.excludedClusters);
        this.dataEndpoint = b.dataEndpoint;
        this.cleanUpManagedEndpoint = b.cleanUpManagedEndpoint;
        this.vpcSubnets = b.vpcSubnets;
        this.alertTopic = b.alertTopic;
        this.alertEmails = b.alertEmails == null ? null : List.copyOf(b.alertEmails);
        this.coverageAlerts = b.coverageAlerts;
        this.findingAlerts = b.findingAlerts;
        this.minimumSeverity = b.minimumSeverity;
        this.findingTarget = b.findingTarget;
        this.isolateTasks = b.isolateTasks;
        this.isolationMinimumSeverity = b.isolationMinimumSeverity;
        this.forceNewDeployment = b.forceNewDeployment;
        this.logRetention = b.logRetention;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * ECS cluster to monitor. Its Fargate services, wherever they are defined in this app (or Stage), are
     * checked for the agent's prerequisites at synth time. Pass an {@link EncryptedCluster} with
     * {@link Builder#cluster(EncryptedCluster)}. Required.
     */
    public ICluster getCluster() {
        return cluster;
    }

    /**
     * VPC of the monitored tasks: the {@code guardduty-data} endpoint and the functions are created in it, and task
     * isolation quarantines addresses in its network ACLs.
     *
     * @default - the cluster's VPC
     */
    public @Nullable IVpc getVpc() {
        return vpc;
    }

    /**
     * How GuardDuty decides which clusters get the agent.
     *
     * @default MonitoringMode.SELECTED_CLUSTERS (only this cluster, opted in by tag)
     */
    public @Nullable MonitoringMode getMode() {
        return mode;
    }

    /**
     * How the account's GuardDuty detector is handled.
     *
     * @default - DetectorSetup.UPDATE_EXISTING, or DetectorSetup.VERIFY with MonitoringMode.MANAGED_ELSEWHERE
     */
    public @Nullable DetectorSetup getDetector() {
        return detector;
    }

    /**
     * With {@link DetectorSetup#UPDATE_EXISTING}: when this stack is deleted, give back what only it needed. If other
     * stacks of this library in the account and Region still rely on the detector, Runtime Monitoring stays on and
     * agent management stays on only if one of them (or the state before the first stack) needs it; if this stack
     * is the last, the settings from before the first stack come back. False leaves the detector as it is.
     *
     * @default true
     */
    public @Nullable Boolean getRestoreDetectorOnDelete() {
        return restoreDetectorOnDelete;
    }

    /**
     * Other clusters of this app to opt out with the tag {@code GuardDutyManaged=false}. Only with
     * {@link MonitoringMode#ACCOUNT_WIDE}.
     *
     * @default - none
     */
    public @Nullable List<ICluster> getExcludedClusters() {
        return excludedClusters;
    }

    /**
     * Create the {@code guardduty-data} interface endpoint in the VPC (private DNS, 443 from the VPC CIDR only,
     * policy limited to this account), so that GuardDuty does not create an unmanaged one that blocks deleting the VPC.
     *
     * @default true
     */
    public @Nullable Boolean getDataEndpoint() {
        return dataEndpoint;
    }

    /**
     * On stack deletion, delete the endpoint and the security group {@code GuardDutyManagedSecurityGroup-<vpc-id>}
     * that GuardDuty created in the VPC (a custom resource).
     *
     * @default - true when dataEndpoint is false, otherwise false
     */
    public @Nullable Boolean getCleanUpManagedEndpoint() {
        return cleanUpManagedEndpoint;
    }

    /**
     * Subnets of the endpoint and of the functions the construct creates. They need a route to the AWS APIs.
     *
     * @default - private subnets with egress
     */
    public @Nullable SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * Topic for coverage and finding notifications and the isolation-failure alarm. Its policy and key must let
     * {@code events.amazonaws.com} and {@code cloudwatch.amazonaws.com} publish.
     *
     * @default - a new {@link io.github.securefargate.notifications.EncryptedTopic}
     */
    public @Nullable ITopic getAlertTopic() {
        return alertTopic;
    }

    /**
     * E-mail addresses subscribed to the topic the construct creates. Not with alertTopic.
     *
     * @default - no subscriptions
     */
    public @Nullable List<String> getAlertEmails() {
        return alertEmails;
    }

    /**
     * Notify when GuardDuty reports the cluster's runtime coverage healthy or unhealthy.
     *
     * @default true
     */
    public @Nullable Boolean getCoverageAlerts() {
        return coverageAlerts;
    }

    /**
     * Send GuardDuty findings about this cluster at or above minimumSeverity to the topic.
     *
     * @default true
     */
    public @Nullable Boolean getFindingAlerts() {
        return findingAlerts;
    }

    /**
     * Lowest finding severity that is notified, 1-10 (GuardDuty: low 1-3.9, medium 4-6.9, high 7-8.9, critical 9-10).
     * Applies to findings about the cluster and to attack sequences involving it.
     *
     * @default {@value RuntimeMonitoring#DEFAULT_MINIMUM_SEVERITY}
     */
    public @Nullable Number getMinimumSeverity() {
        return minimumSeverity;
    }

    /**
     * Extra target of the findings rule (a Lambda function, a queue, a Step Functions state machine...).
     *
     * @default - none
     */
    public @Nullable IRuleTarget getFindingTarget() {
        return findingTarget;
    }

    /**
     * Contain the task of a finding at or above isolationMinimumSeverity: a Lambda function adds deny entries for the
     * task's address to every network ACL of the VPC and keeps the task running for forensics. A Fargate task's
     * network interface is managed by ECS, so its security groups cannot be changed.
     *
     * @default false
     */
    public @Nullable Boolean getIsolateTasks() {
        return isolateTasks;
    }

    /**
     * Lowest finding severity that isolates a task, 1-10.
     *
     * @default {@value RuntimeMonitoring#DEFAULT_ISOLATION_MINIMUM_SEVERITY}
     */
    public @Nullable Number getIsolationMinimumSeverity() {
        return isolationMinimumSeverity;
    }

    /**
     * Force a new deployment of every ECS-controlled Fargate service of the cluster when monitoring is switched on
     * or its mode changes, so that running tasks are replaced by tasks with the agent.
     *
     * @default true
     */
    public @Nullable Boolean getForceNewDeployment() {
        return forceNewDeployment;
    }

    /**
     * Retention of the log group of the functions the construct creates.
     *
     * @default RetentionDays.ONE_YEAR
     */
    public @Nullable RetentionDays getLogRetention() {
        return logRetention;
    }

    /** Builder for {@link RuntimeMonitoringProps}. */
    public static final class Builder {
        private ICluster cluster;
        private IVpc vpc;
        private MonitoringMode mode;
        private DetectorSetup detector;
        private Boolean restoreDetectorOnDelete;
        private List<ICluster> excludedClusters;
        private Boolean dataEndpoint;
        private Boolean cleanUpManagedEndpoint;
        private SubnetSelection vpcSubnets;
        private ITopic alertTopic;
        private List<String> alertEmails;
        private Boolean coverageAlerts;
        private Boolean findingAlerts;
        private Number minimumSeverity;
        private IRuleTarget findingTarget;
        private Boolean isolateTasks;
        private Number isolationMinimumSeverity;
        private Boolean forceNewDeployment;
        private RetentionDays logRetention;

        private Builder() {}

        /** @see RuntimeMonitoringProps#getCluster() */
        public Builder cluster(final ICluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /**
         * Monitors an encrypted cluster: its ECS cluster (and, unless {@link #vpc(IVpc)} is set, its VPC).
         *
         * @param encryptedCluster the cluster
         * @return this builder
         */
        public Builder cluster(final EncryptedCluster encryptedCluster) {
            this.cluster = encryptedCluster.getCluster();
            return this;
        }

        /** @see RuntimeMonitoringProps#getVpc() */
        public Builder vpc(final IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see RuntimeMonitoringProps#getMode() */
        public Builder mode(final MonitoringMode mode) {
            this.mode = mode;
            return this;
        }

        /** @see RuntimeMonitoringProps#getDetector() */
        public Builder detector(final DetectorSetup detector) {
            this.detector = detector;
            return this;
        }

        /** @see RuntimeMonitoringProps#getRestoreDetectorOnDelete() */
        public Builder restoreDetectorOnDelete(final Boolean restoreDetectorOnDelete) {
            this.restoreDetectorOnDelete = restoreDetectorOnDelete;
            return this;
        }

        /** @see RuntimeMonitoringProps#getExcludedClusters() */
        public Builder excludedClusters(final List<ICluster> excludedClusters) {
            this.excludedClusters = excludedClusters;
            return this;
        }

        /** @see RuntimeMonitoringProps#getDataEndpoint() */
        public Builder dataEndpoint(final Boolean dataEndpoint) {
            this.dataEndpoint = dataEndpoint;
            return this;
        }

        /** @see RuntimeMonitoringProps#getCleanUpManagedEndpoint() */
        public Builder cleanUpManagedEndpoint(final Boolean cleanUpManagedEndpoint) {
            this.cleanUpManagedEndpoint = cleanUpManagedEndpoint;
            return this;
        }

        /** @see RuntimeMonitoringProps#getVpcSubnets() */
        public Builder vpcSubnets(final SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** @see RuntimeMonitoringProps#getAlertTopic() */
        public Builder alertTopic(final ITopic alertTopic) {
            this.alertTopic = alertTopic;
            return this;
        }

        /** @see RuntimeMonitoringProps#getAlertEmails() */
        public Builder alertEmails(final List<String> alertEmails) {
            this.alertEmails = alertEmails;
            return this;
        }

        /** @see RuntimeMonitoringProps#getCoverageAlerts() */
        public Builder coverageAlerts(final Boolean coverageAlerts) {
            this.coverageAlerts = coverageAlerts;
            return this;
        }

        /** @see RuntimeMonitoringProps#getFindingAlerts() */
        public Builder findingAlerts(final Boolean findingAlerts) {
            this.findingAlerts = findingAlerts;
            return this;
        }

        /** @see RuntimeMonitoringProps#getMinimumSeverity() */
        public Builder minimumSeverity(final Number minimumSeverity) {
            this.minimumSeverity = minimumSeverity;
            return this;
        }

        /** @see RuntimeMonitoringProps#getFindingTarget() */
        public Builder findingTarget(final IRuleTarget findingTarget) {
            this.findingTarget = findingTarget;
            return this;
        }

        /** @see RuntimeMonitoringProps#getIsolateTasks() */
        public Builder isolateTasks(final Boolean isolateTasks) {
            this.isolateTasks = isolateTasks;
            return this;
        }

        /** @see RuntimeMonitoringProps#getIsolationMinimumSeverity() */
        public Builder isolationMinimumSeverity(final Number isolationMinimumSeverity) {
            this.isolationMinimumSeverity = isolationMinimumSeverity;
            return this;
        }

        /** @see RuntimeMonitoringProps#getForceNewDeployment() */
        public Builder forceNewDeployment(final Boolean forceNewDeployment) {
            this.forceNewDeployment = forceNewDeployment;
            return this;
        }

        /** @see RuntimeMonitoringProps#getLogRetention() */
        public Builder logRetention(final RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /**
         * @return the props
         * @throws IllegalArgumentException when a required prop is missing
         */
        public RuntimeMonitoringProps build() {
            if (cluster == null) {
                throw new IllegalArgumentException("RuntimeMonitoringProps: cluster is required, got nothing");
            }
            return new RuntimeMonitoringProps(this);
        }
    }
}
