package io.github.securefargate.bluegreen;

import io.github.securefargate.service.SecureFargateService;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleStage;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;

/** Properties of {@link NativeBlueGreenService}. */
public final class NativeBlueGreenServiceProps implements AlarmSettings.Source {
    private final SecureFargateService service;
    private final String serviceName;
    private final @Nullable NativeTrafficShift trafficShift;
    private final @Nullable Duration bakeTime;
    private final @Nullable Number testListenerPort;
    private final @Nullable IPeer testTrafficSource;
    private final @Nullable Boolean createDefaultAlarms;
    private final @Nullable List<IAlarm> alarms;
    private final @Nullable Boolean rollbackOnAlarm;
    private final @Nullable Number target5xxThreshold;
    private final @Nullable Duration latencyThreshold;
    private final @Nullable ITopic alertTopic;
    private final @Nullable Map<DeploymentLifecycleStage, IFunction> lifecycleHooks;
    private final @Nullable IRole hookRole;
    private final @Nullable IRole infrastructureRole;
    private final @Nullable String pipelineAccount;

    private NativeBlueGreenServiceProps(final Builder b) {
        this.service = b.service;
        this.serviceName = b.serviceName;
        this.trafficShift = b.trafficShift;
        this.bakeTime = b.bakeTime;
        this.testListenerPort = b.testListenerPort;
        this.testTrafficSource = b.testTrafficSource;
        this.createDefaultAlarms = b.createDefaultAlarms;
        this.alarms = b.alarms == null ? null : List.copyOf(b.alarms);
        this.rollbackOnAlarm = b.rollbackOnAlarm;
        this.target5xxThreshold = b.target5xxThreshold;
        this.latencyThreshold = b.latencyThreshold;
        this.alertTopic = b.alertTopic;
        this.lifecycleHooks = b.lifecycleHooks == null ? null : Map.copyOf(b.lifecycleHooks);
        this.hookRole = b.hookRole;
        this.infrastructureRole = b.infrastructureRole;
        this.pipelineAccount = b.pipelineAccount;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The service to release natively. It must use the ECS deployment controller (the default: do not set
     * {@code deploymentController(CODE_DEPLOY)}); its target group becomes the blue target group and its listener the
     * production listener. Required.
     */
    public SecureFargateService getService() {
        return service;
    }

    /**
     * Name of the release in alarm descriptions, and prefix of the pipeline's reader role
     * ({@code <serviceName>-taskdef-<region>}), which the pipeline references by that fixed name: 1-32 letters,
     * digits, {@code .}, {@code _} or {@code -}, unique per account and Region. Required.
     */
    public String getServiceName() {
        return serviceName;
    }

    /**
     * How production traffic moves from blue to green.
     *
     * @default {@code NativeTrafficShift.CANARY_10_PERCENT_5_MINUTES}: 10 % for 5 minutes, then the rest
     */
    public @Nullable NativeTrafficShift getTrafficShift() {
        return trafficShift;
    }

    /**
     * How long ECS keeps the blue tasks after all production traffic is on green, watching the alarms and
     * ready to roll back in seconds; whole minutes, 0-{@value NativeTrafficShift#MAX_BAKE_MINUTES}.
     *
     * @default {@value NativeBlueGreenService#DEFAULT_BAKE_TIME_MINUTES} minutes
     */
    public @Nullable Duration getBakeTime() {
        return bakeTime;
    }

    /**
     * Port of the test listener, where ECS sends test traffic to green before production: a whole number
     * 1-65535 that differs from the production ports.
     *
     * @default {@value BlueGreenService#DEFAULT_TEST_LISTENER_PORT}
     */
    public @Nullable Number getTestListenerPort() {
        return testListenerPort;
    }

    /**
     * Who may reach the test listener.
     *
     * @default - the VPC's CIDR (Lambda hooks in the VPC reach it)
     */
    public @Nullable IPeer getTestTrafficSource() {
        return testTrafficSource;
    }

    /**
     * Whether to create the five default rollback alarms (5xx and unhealthy hosts of both target groups,
     * p95 latency), the same as {@link BlueGreenService}'s.
     *
     * @default true
     */
    @Override
    public @Nullable Boolean getCreateDefaultAlarms() {
        return createDefaultAlarms;
    }

    /**
     * More alarms that fail (and roll back) a deployment; with the default alarms at most
     * {@value BlueGreenService#MAX_ALARMS} in total.
     *
     * @default - none
     */
    @Override
    public @Nullable List<IAlarm> getAlarms() {
        return alarms;
    }

    /**
     * Whether ECS rolls back when an alarm fires during the deployment or its bake time.
     *
     * @default true
     */
    @Override
    public @Nullable Boolean getRollbackOnAlarm() {
        return rollbackOnAlarm;
    }

    /**
     * Target 5xx responses per minute at which the 5xx alarms breach.
     *
     * @default {@value BlueGreenService#DEFAULT_TARGET_5XX_THRESHOLD}
     */
    @Override
    public @Nullable Number getTarget5xxThreshold() {
        return target5xxThreshold;
    }

    /**
     * p95 target response time at which the latency alarm breaches.
     *
     * @default {@value BlueGreenService#DEFAULT_LATENCY_THRESHOLD_MILLIS} milliseconds
     */
    @Override
    public @Nullable Duration getLatencyThreshold() {
        return latencyThreshold;
    }

    /**
     * Topic the default alarms notify (ALARM and OK).
     *
     * @default - no notifications
     */
    @Override
    public @Nullable ITopic getAlertTopic() {
        return alertTopic;
    }

    /**
     * Lambda functions ECS invokes at deployment lifecycle stages, e.g. tests against the test listener at
     * {@code POST_TEST_TRAFFIC_SHIFT}. A function returns {@code {"hookStatus": "SUCCEEDED" | "FAILED" | "IN_PROGRESS"}};
     * FAILED, an error or no status rolls the deployment back
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/lambda-lifecycle-hooks.html).
     *
     * @default - no hooks
     */
    public @Nullable Map<DeploymentLifecycleStage, IFunction> getLifecycleHooks() {
        return lifecycleHooks;
    }

    /**
     * Role ECS assumes to invoke the hooks; it must be able to invoke every hook function.
     *
     * @default - a new role trusted by {@code ecs.amazonaws.com} allowed to invoke exactly the hook functions
     */
    public @Nullable IRole getHookRole() {
        return hookRole;
    }

    /**
     * Role ECS assumes to re-weight the listener rules and register tasks in the target groups. A role you
     * pass is used as is.
     *
     * @default - a new role trusted by {@code ecs.amazonaws.com}, scoped to this service's two rules, two listeners
     *     and two target groups (no managed policy)
     */
    public @Nullable IRole getInfrastructureRole() {
        return infrastructureRole;
    }

    /**
     * Account (12 digits) of the pipeline that releases this service ({@code pipeline.Toolchain}): the reader role
     * ({@code <serviceName>-taskdef-<region>}, the name the CodeDeploy mode uses) trusts it, so that the pipeline can
     * read this stack and verify the service's deployments.
     *
     * @default - the stack's account
     */
    public @Nullable String getPipelineAccount() {
        return pipelineAccount;
    }

    /** Builder of {@link NativeBlueGreenServiceProps}. */
    public static final class Builder {
        private SecureFargateService service;
        private String serviceName;
        private NativeTrafficShift trafficShift;
        private Duration bakeTime;
        private Number testListenerPort;
        private IPeer testTrafficSource;
        private Boolean createDefaultAlarms;
        private List<IAlarm> alarms;
        private Boolean rollbackOnAlarm;
        private Number target5xxThreshold;
        private Duration latencyThreshold;
        private ITopic alertTopic;
        private Map<DeploymentLifecycleStage, IFunction> lifecycleHooks;
        private IRole hookRole;
        private IRole infrastructureRole;
        private String pipelineAccount;

        private Builder() {}

        /** @see NativeBlueGreenServiceProps#getService() */
        public Builder service(final SecureFargateService service) {
            this.service = service;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getServiceName() */
        public Builder serviceName(final String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getTrafficShift() */
        public Builder trafficShift(final NativeTrafficShift trafficShift) {
            this.trafficShift = trafficShift;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getBakeTime() */
        public Builder bakeTime(final Duration bakeTime) {
            this.bakeTime = bakeTime;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getTestListenerPort() */
        public Builder testListenerPort(final Number testListenerPort) {
            this.testListenerPort = testListenerPort;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getTestTrafficSource() */
        public Builder testTrafficSource(final IPeer testTrafficSource) {
            this.testTrafficSource = testTrafficSource;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getCreateDefaultAlarms() */
        public Builder createDefaultAlarms(final Boolean createDefaultAlarms) {
            this.createDefaultAlarms = createDefaultAlarms;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getAlarms() */
        public Builder alarms(final List<IAlarm> alarms) {
            this.alarms = alarms;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getRollbackOnAlarm() */
        public Builder rollbackOnAlarm(final Boolean rollbackOnAlarm) {
            this.rollbackOnAlarm = rollbackOnAlarm;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getTarget5xxThreshold() */
        public Builder target5xxThreshold(final Number target5xxThreshold) {
            this.target5xxThreshold = target5xxThreshold;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getLatencyThreshold() */
        public Builder latencyThreshold(final Duration latencyThreshold) {
            this.latencyThreshold = latencyThreshold;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getAlertTopic() */
        public Builder alertTopic(final ITopic alertTopic) {
            this.alertTopic = alertTopic;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getLifecycleHooks() */
        public Builder lifecycleHooks(final Map<DeploymentLifecycleStage, IFunction> lifecycleHooks) {
            this.lifecycleHooks = lifecycleHooks;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getHookRole() */
        public Builder hookRole(final IRole hookRole) {
            this.hookRole = hookRole;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getInfrastructureRole() */
        public Builder infrastructureRole(final IRole infrastructureRole) {
            this.infrastructureRole = infrastructureRole;
            return this;
        }

        /** @see NativeBlueGreenServiceProps#getPipelineAccount() */
        public Builder pipelineAccount(final String pipelineAccount) {
            this.pipelineAccount = pipelineAccount;
            return this;
        }

        /** @return the props; fails when a required prop is missing */
        public NativeBlueGreenServiceProps build() {
            if (service == null) {
                throw new IllegalArgumentException("NativeBlueGreenServiceProps: service is required, got nothing");
            }
            if (serviceName == null) {
                throw new IllegalArgumentException("NativeBlueGreenServiceProps: serviceName is required, got nothing");
            }
            return new NativeBlueGreenServiceProps(this);
        }
    }
}
