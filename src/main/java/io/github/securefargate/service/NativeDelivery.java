package io.github.securefargate.service;

import java.util.List;
import java.util.Objects;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleStage;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListenerRule;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.IFunction;

/**
 * How a {@link SecureFargateService} with the ECS deployment controller is released by ECS itself (blue/green,
 * linear or canary): what {@link SecureFargateService#useNativeDelivery(NativeDelivery)} writes on the service.
 *
 * <p>aws-cdk-lib 2.263 accepts the strategy, bake time and linear/canary configuration only when the
 * {@code FargateService} is constructed, and the alternate target only when the target group is attached (which the
 * service does in its constructor); this value lets a construct that is built after the service (such as
 * {@code bluegreen.NativeBlueGreenService}) hand them to the service, which renders them on its own resource.
 * Immutable; built with {@link #builder()}. Validated by the construct that builds it.
 */
public final class NativeDelivery {
    private final DeploymentStrategy strategy;
    private final Duration bakeTime;
    private final @Nullable Number stepPercent;
    private final @Nullable Duration stepBakeTime;
    private final ApplicationTargetGroup alternateTargetGroup;
    private final ApplicationListenerRule productionListenerRule;
    private final @Nullable ApplicationListenerRule testListenerRule;
    private final IRole infrastructureRole;
    private final List<Hook> hooks;
    private final List<String> alarmNames;
    private final boolean rollbackOnAlarm;

    private NativeDelivery(final Builder b) {
        this.strategy = Objects.requireNonNull(b.strategy, "strategy");
        this.bakeTime = Objects.requireNonNull(b.bakeTime, "bakeTime");
        this.stepPercent = b.stepPercent;
        this.stepBakeTime = b.stepBakeTime;
        this.alternateTargetGroup = Objects.requireNonNull(b.alternateTargetGroup, "alternateTargetGroup");
        this.productionListenerRule = Objects.requireNonNull(b.productionListenerRule, "productionListenerRule");
        this.testListenerRule = b.testListenerRule;
        this.infrastructureRole = Objects.requireNonNull(b.infrastructureRole, "infrastructureRole");
        this.hooks = b.hooks != null ? List.copyOf(b.hooks) : List.of();
        this.alarmNames = b.alarmNames != null ? List.copyOf(b.alarmNames) : List.of();
        this.rollbackOnAlarm = b.rollbackOnAlarm;
        if (strategy == DeploymentStrategy.ROLLING) {
            throw new IllegalArgumentException("strategy must be BLUE_GREEN, LINEAR or CANARY, got ROLLING");
        }
        if ((strategy == DeploymentStrategy.BLUE_GREEN) != (stepPercent == null)) {
            throw new IllegalArgumentException(
                    "stepPercent must be set for LINEAR and CANARY only, got " + stepPercent + " for " + strategy);
        }
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return BLUE_GREEN (all at once), LINEAR or CANARY */
    public DeploymentStrategy getStrategy() {
        return strategy;
    }

    /** @return how long ECS keeps the blue tasks after all traffic is on green, watching the alarms */
    public Duration getBakeTime() {
        return bakeTime;
    }

    /** @return the linear step or canary percentage; null for BLUE_GREEN */
    public @Nullable Number getStepPercent() {
        return stepPercent;
    }

    /** @return the wait after each linear step or after the canary; null for BLUE_GREEN */
    public @Nullable Duration getStepBakeTime() {
        return stepBakeTime;
    }

    /** @return the green target group */
    public ApplicationTargetGroup getAlternateTargetGroup() {
        return alternateTargetGroup;
    }

    /** @return the production listener rule ECS re-weights */
    public ApplicationListenerRule getProductionListenerRule() {
        return productionListenerRule;
    }

    /** @return the test listener rule ECS points at green before production, if any */
    public @Nullable ApplicationListenerRule getTestListenerRule() {
        return testListenerRule;
    }

    /** @return the role ECS assumes to change the rules and register targets */
    public IRole getInfrastructureRole() {
        return infrastructureRole;
    }

    /** @return the Lambda lifecycle hooks */
    public List<Hook> getHooks() {
        return hooks;
    }

    /** @return the names of the alarms that fail the deployment */
    public List<String> getAlarmNames() {
        return alarmNames;
    }

    /** @return whether ECS rolls back when an alarm fires */
    public boolean isRollbackOnAlarm() {
        return rollbackOnAlarm;
    }

    /** A Lambda function ECS invokes, with {@code role}, at {@code stages} of a deployment. */
    public static final class Hook {
        private final IFunction function;
        private final IRole role;
        private final List<DeploymentLifecycleStage> stages;

        /**
         * @param function the hook function
         * @param role     the role ECS assumes to invoke it
         * @param stages   the stages ECS invokes it at (at least one)
         */
        public Hook(final IFunction function, final IRole role, final List<DeploymentLifecycleStage> stages) {
            this.function = Objects.requireNonNull(function, "function");
            this.role = Objects.requireNonNull(role, "role");
            this.stages = List.copyOf(stages);
            if (this.stages.isEmpty()) {
                throw new IllegalArgumentException("stages must name at least one lifecycle stage");
            }
        }

        /** @return the hook function */
        public IFunction getFunction() {
            return function;
        }

        /** @return the role ECS invokes it with */
        public IRole getRole() {
            return role;
        }

        /** @return the stages ECS invokes it at */
        public List<DeploymentLifecycleStage> getStages() {
            return stages;
        }
    }

    /** Builder of {@link NativeDelivery}. */
    public static final class Builder {
        private DeploymentStrategy strategy;
        private Duration bakeTime;
        private Number stepPercent;
        private Duration stepBakeTime;
        private ApplicationTargetGroup alternateTargetGroup;
        private ApplicationListenerRule productionListenerRule;
        private ApplicationListenerRule testListenerRule;
        private IRole infrastructureRole;
        private List<Hook> hooks;
        private List<String> alarmNames;
        private boolean rollbackOnAlarm = true;

        private Builder() {}

        /** @param value BLUE_GREEN, LINEAR or CANARY; required */
        public Builder strategy(final DeploymentStrategy value) {
            this.strategy = value;
            return this;
        }

        /** @param value bake time after the production shift; required */
        public Builder bakeTime(final Duration value) {
            this.bakeTime = value;
            return this;
        }

        /** @param value linear step or canary percentage; required for LINEAR and CANARY */
        public Builder stepPercent(final Number value) {
            this.stepPercent = value;
            return this;
        }

        /** @param value wait after each step or the canary; LINEAR and CANARY */
        public Builder stepBakeTime(final Duration value) {
            this.stepBakeTime = value;
            return this;
        }

        /** @param value green target group; required */
        public Builder alternateTargetGroup(final ApplicationTargetGroup value) {
            this.alternateTargetGroup = value;
            return this;
        }

        /** @param value production listener rule; required */
        public Builder productionListenerRule(final ApplicationListenerRule value) {
            this.productionListenerRule = value;
            return this;
        }

        /** @param value test listener rule; optional */
        public Builder testListenerRule(final ApplicationListenerRule value) {
            this.testListenerRule = value;
            return this;
        }

        /** @param value role ECS assumes for the load balancer changes; required */
        public Builder infrastructureRole(final IRole value) {
            this.infrastructureRole = value;
            return this;
        }

        /** @param value Lambda lifecycle hooks; optional */
        public Builder hooks(final List<Hook> value) {
            this.hooks = value;
            return this;
        }

        /** @param value alarm names that fail the deployment; optional */
        public Builder alarmNames(final List<String> value) {
            this.alarmNames = value;
            return this;
        }

        /** @param value whether an alarm rolls the deployment back; default true */
        public Builder rollbackOnAlarm(final boolean value) {
            this.rollbackOnAlarm = value;
            return this;
        }

        /** @return the value */
        public NativeDelivery build() {
            return new NativeDelivery(this);
        }
    }
}
