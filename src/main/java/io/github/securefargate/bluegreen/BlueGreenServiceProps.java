package io.github.securefargate.bluegreen;

import io.github.securefargate.service.SecureFargateService;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.codedeploy.IEcsDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.TrafficRouting;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;

/** Properties of {@link BlueGreenService}. */
public final class BlueGreenServiceProps implements AlarmSettings.Source {
    private final SecureFargateService service;
    private final String serviceName;
    private final @Nullable IEcsDeploymentConfig deploymentConfig;
    private final @Nullable TrafficRouting trafficRouting;
    private final @Nullable Number testListenerPort;
    private final @Nullable IPeer testTrafficSource;
    private final @Nullable Duration terminationWaitTime;
    private final @Nullable Duration deploymentApprovalWaitTime;
    private final @Nullable Boolean createDefaultAlarms;
    private final @Nullable List<IAlarm> alarms;
    private final @Nullable Boolean rollbackOnAlarm;
    private final @Nullable Number target5xxThreshold;
    private final @Nullable Duration latencyThreshold;
    private final @Nullable ITopic alertTopic;
    private final @Nullable Map<LifecycleEvent, IFunction> lifecycleHooks;
    private final @Nullable String pipelineAccount;

    private BlueGreenServiceProps(final Builder b) {
        this.service = b.service;
        this.serviceName = b.serviceName;
        this.deploymentConfig = b.deploymentConfig;
        this.trafficRouting = b.trafficRouting;
        this.testListenerPort = b.testListenerPort;
        this.testTrafficSource = b.testTrafficSource;
        this.terminationWaitTime = b.terminationWaitTime;
        this.deploymentApprovalWaitTime = b.deploymentApprovalWaitTime;
        this.createDefaultAlarms = b.createDefaultAlarms;
        this.alarms = b.alarms == null ? null : List.copyOf(b.alarms);
        this.rollbackOnAlarm = b.rollbackOnAlarm;
        this.target5xxThreshold = b.target5xxThreshold;
        this.latencyThreshold = b.latencyThreshold;
        this.alertTopic = b.alertTopic;
        this.lifecycleHooks = b.lifecycleHooks == null ? null : Map.copyOf(b.lifecycleHooks);
        this.pipelineAccount = b.pipelineAccount;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The service to deploy blue/green. It must be created with
     * {@code deploymentController(DeploymentControllerType.CODE_DEPLOY)}; its target group becomes the blue target group and its
     * listener the production listener. Required.
     */
    public SecureFargateService getService() {
        return service;
    }

    /**
     * Name of the CodeDeploy application and deployment group, and prefix of the two roles the pipeline assumes
     * ({@code <serviceName>-deploy-<region>}, {@code <serviceName>-taskdef-<region>}). The pipeline references them by these
     * names, so they are fixed: 1-32 letters, digits, {@code .}, {@code _} or {@code -}, unique per account and Region.
     * Required.
     */
    public String getServiceName() {
        return serviceName;
    }

    /**
     * How traffic shifts from blue to green: a predefined ECS configuration such as
     * {@code EcsDeploymentConfig.LINEAR_10_PERCENT_EVERY_1_MINUTES} or your own {@code EcsDeploymentConfig}. Configurations
     * for Lambda or EC2/on-premises are rejected. Mutually exclusive with {@link #getTrafficRouting()}.
     *
     * @default {@value BlueGreenService#DEFAULT_DEPLOYMENT_CONFIG_NAME}
     */
    public @Nullable IEcsDeploymentConfig getDeploymentConfig() {
        return deploymentConfig;
    }

    /**
     * A custom traffic shift ({@code TrafficRouting.timeBasedCanary(...)} or {@code timeBasedLinear(...)}); the
     * construct creates the deployment configuration. The percentage is a whole number of 1-99 and the interval a
     * whole number of 1-2880 minutes. Mutually exclusive with {@link #getDeploymentConfig()}.
     *
     * @default - use {@link #getDeploymentConfig()}
     */
    public @Nullable TrafficRouting getTrafficRouting() {
        return trafficRouting;
    }

    /**
     * Port of the test listener, which serves the green tasks during a deployment (before production traffic
     * shifts): a whole number of 1-65535, different from the production and redirect listener ports.
     *
     * @default {@value BlueGreenService#DEFAULT_TEST_LISTENER_PORT}
     */
    public @Nullable Number getTestListenerPort() {
        return testListenerPort;
    }

    /**
     * Who may reach the test listener.
     *
     * @default - the VPC's CIDR range (never the internet)
     */
    public @Nullable IPeer getTestTrafficSource() {
        return testTrafficSource;
    }

    /**
     * How long the blue tasks keep running after traffic has shifted, so that a rollback is instant; 0-2880
     * minutes.
     *
     * @default Duration.minutes({@value BlueGreenService#DEFAULT_TERMINATION_WAIT_MINUTES})
     */
    public @Nullable Duration getTerminationWaitTime() {
        return terminationWaitTime;
    }

    /**
     * When set, CodeDeploy waits for a manual "continue" (up to this long, 0-2880 minutes) after the green tasks
     * are up and before production traffic shifts.
     *
     * @default - traffic shifts as soon as the green tasks are healthy
     */
    public @Nullable Duration getDeploymentApprovalWaitTime() {
        return deploymentApprovalWaitTime;
    }

    /**
     * Create the rollback alarms: target 5xx responses and unhealthy hosts on both target groups, and p95 target
     * response time of the load balancer; 1-minute periods, alarm on {@value BlueGreenService#ALARM_DATAPOINTS} of
     * {@value BlueGreenService#ALARM_EVALUATION_PERIODS} breaching minutes.
     *
     * @default true
     */
    @Override
    public @Nullable Boolean getCreateDefaultAlarms() {
        return createDefaultAlarms;
    }

    /**
     * More alarms that stop (and roll back) a deployment. At most 10 alarms in total.
     *
     * @default - none
     */
    @Override
    public @Nullable List<IAlarm> getAlarms() {
        return alarms;
    }

    /**
     * Roll back when an alarm fires during a deployment. Needs at least one alarm.
     *
     * @default true
     */
    @Override
    public @Nullable Boolean getRollbackOnAlarm() {
        return rollbackOnAlarm;
    }

    /**
     * Target 5xx responses per minute, per target group, at which the default 5xx alarms breach.
     *
     * @default {@value BlueGreenService#DEFAULT_TARGET_5XX_THRESHOLD}
     */
    @Override
    public @Nullable Number getTarget5xxThreshold() {
        return target5xxThreshold;
    }

    /**
     * p95 target response time of the load balancer at which the default latency alarm breaches.
     *
     * @default Duration.millis({@value BlueGreenService#DEFAULT_LATENCY_THRESHOLD_MILLIS})
     */
    @Override
    public @Nullable Duration getLatencyThreshold() {
        return latencyThreshold;
    }

    /**
     * Topic notified when a default alarm changes to ALARM or back to OK.
     *
     * @default - no notification (the deployment still rolls back)
     */
    @Override
    public @Nullable ITopic getAlertTopic() {
        return alertTopic;
    }

    /**
     * Lambda functions CodeDeploy runs at lifecycle events, e.g. a test run against the test listener at
     * {@link LifecycleEvent#AFTER_ALLOW_TEST_TRAFFIC}. Their names must be known at synth time (set {@code functionName}).
     * The deployment group may invoke them and they may report their result to it.
     *
     * @default - none
     */
    public @Nullable Map<LifecycleEvent, IFunction> getLifecycleHooks() {
        return lifecycleHooks;
    }

    /**
     * Account of the pipeline (toolchain) that deploys this service, 12 digits: the two pipeline roles trust it.
     *
     * @default - this stack's account
     */
    public @Nullable String getPipelineAccount() {
        return pipelineAccount;
    }

    /** Builder for {@link BlueGreenServiceProps}. */
    public static final class Builder {
        private SecureFargateService service;
        private String serviceName;
        private IEcsDeploymentConfig deploymentConfig;
        private TrafficRouting trafficRouting;
        private Number testListenerPort;
        private IPeer testTrafficSource;
        private Duration terminationWaitTime;
        private Duration deploymentApprovalWaitTime;
        private Boolean createDefaultAlarms;
        private List<IAlarm> alarms;
        private Boolean rollbackOnAlarm;
        private Number target5xxThreshold;
        private Duration latencyThreshold;
        private ITopic alertTopic;
        private Map<LifecycleEvent, IFunction> lifecycleHooks;
        private String pipelineAccount;

        private Builder() {}

        /** @see BlueGreenServiceProps#getService() */
        public Builder service(final SecureFargateService service) {
            this.service = service;
            return this;
        }

        /** @see BlueGreenServiceProps#getServiceName() */
        public Builder serviceName(final String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** @see BlueGreenServiceProps#getDeploymentConfig() */
        public Builder deploymentConfig(final IEcsDeploymentConfig deploymentConfig) {
            this.deploymentConfig = deploymentConfig;
            return this;
        }

        /** @see BlueGreenServiceProps#getTrafficRouting() */
        public Builder trafficRouting(final TrafficRouting trafficRouting) {
            this.trafficRouting = trafficRouting;
            return this;
        }

        /** @see BlueGreenServiceProps#getTestListenerPort() */
        public Builder testListenerPort(final Number testListenerPort) {
            this.testListenerPort = testListenerPort;
            return this;
        }

        /** @see BlueGreenServiceProps#getTestTrafficSource() */
        public Builder testTrafficSource(final IPeer testTrafficSource) {
            this.testTrafficSource = testTrafficSource;
            return this;
        }

        /** @see BlueGreenServiceProps#getTerminationWaitTime() */
        public Builder terminationWaitTime(final Duration terminationWaitTime) {
            this.terminationWaitTime = terminationWaitTime;
            return this;
        }

        /** @see BlueGreenServiceProps#getDeploymentApprovalWaitTime() */
        public Builder deploymentApprovalWaitTime(final Duration deploymentApprovalWaitTime) {
            this.deploymentApprovalWaitTime = deploymentApprovalWaitTime;
            return this;
        }

        /** @see BlueGreenServiceProps#getCreateDefaultAlarms() */
        public Builder createDefaultAlarms(final Boolean createDefaultAlarms) {
            this.createDefaultAlarms = createDefaultAlarms;
            return this;
        }

        /** @see BlueGreenServiceProps#getAlarms() */
        public Builder alarms(final List<IAlarm> alarms) {
            this.alarms = alarms;
            return this;
        }

        /** @see BlueGreenServiceProps#getRollbackOnAlarm() */
        public Builder rollbackOnAlarm(final Boolean rollbackOnAlarm) {
            this.rollbackOnAlarm = rollbackOnAlarm;
            return this;
        }

        /** @see BlueGreenServiceProps#getTarget5xxThreshold() */
        public Builder target5xxThreshold(final Number target5xxThreshold) {
            this.target5xxThreshold = target5xxThreshold;
            return this;
        }

        /** @see BlueGreenServiceProps#getLatencyThreshold() */
        public Builder latencyThreshold(final Duration latencyThreshold) {
            this.latencyThreshold = latencyThreshold;
            return this;
        }

        /** @see BlueGreenServiceProps#getAlertTopic() */
        public Builder alertTopic(final ITopic alertTopic) {
            this.alertTopic = alertTopic;
            return this;
        }

        /** @see BlueGreenServiceProps#getLifecycleHooks() */
        public Builder lifecycleHooks(final Map<LifecycleEvent, IFunction> lifecycleHooks) {
            this.lifecycleHooks = lifecycleHooks;
            return this;
        }

        /** @see BlueGreenServiceProps#getPipelineAccount() */
        public Builder pipelineAccount(final String pipelineAccount) {
            this.pipelineAccount = pipelineAccount;
            return this;
        }

        /**
         * @return the props
         * @throws IllegalArgumentException when a required prop is missing
         */
        public BlueGreenServiceProps build() {
            if (service == null) {
                throw new IllegalArgumentException("BlueGreenServiceProps: service is required, got nothing");
            }
            if (serviceName == null) {
                throw new IllegalArgumentException("BlueGreenServiceProps: serviceName is required, got nothing");
            }
            return new BlueGreenServiceProps(this);
        }
    }
}
