package io.github.securefargate.pipeline;

import io.github.securefargate.bluegreen.NativeTrafficShift;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.services.codedeploy.IEcsDeploymentConfig;

/**
 * One deployment stage of a {@link Toolchain}: where it deploys, how traffic shifts (with CodeDeploy, or natively by
 * ECS), and whether it waits for approval.
 */
public final class ToolchainStage {
    private final String name;
    private final Environment env;
    private final @Nullable IEcsDeploymentConfig deploymentConfig;
    private final @Nullable NativeTrafficShift trafficShift;
    private final @Nullable Boolean manualApproval;
    private final @Nullable String wave;

    private ToolchainStage(final Builder b) {
        this.name = b.name;
        this.env = b.env;
        this.deploymentConfig = b.deploymentConfig;
        this.trafficShift = b.trafficShift;
        this.manualApproval = b.manualApproval;
        this.wave = b.wave;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Name of the stage (and of its CDK Stage, its stacks' name prefix and its pipeline actions): 1-64 letters,
     * digits or {@code -}, starting with a letter (CloudFormation stack names allow no {@code _}), unique in the
     * toolchain. Required.
     */
    public String getName() {
        return name;
    }

    /**
     * Account and Region the stage deploys to; both required and concrete: a 12-digit account id and a Region name
     * such as {@code eu-west-1} (lower case). Required.
     */
    public Environment getEnv() {
        return env;
    }

    /**
     * How CodeDeploy shifts traffic in this stage; handed to the {@link ServiceStageFactory}, which passes it to
     * its {@code BlueGreenService}.
     *
     * @default {@value io.github.securefargate.bluegreen.BlueGreenService#DEFAULT_DEPLOYMENT_CONFIG_NAME}
     */
    public @Nullable IEcsDeploymentConfig getDeploymentConfig() {
        return deploymentConfig;
    }

    /**
     * Makes this a native stage: ECS shifts traffic this way (a {@code NativeBlueGreenService}, no CodeDeploy), and
     * the stage deploys through CloudFormation alone, then verifies that ECS finished the deployment without a
     * rollback. Handed to the {@link ServiceStageFactory}, which passes it to its {@code NativeBlueGreenService}. Not
     * allowed together with {@link #getDeploymentConfig()}.
     *
     * @default - none: a CodeDeploy stage
     */
    public @Nullable NativeTrafficShift getTrafficShift() {
        return trafficShift;
    }

    /**
     * Wait for a manual approval in the pipeline before this stage deploys.
     *
     * @default false
     */
    public @Nullable Boolean getManualApproval() {
        return manualApproval;
    }

    /**
     * Wave the stage belongs to: stages of one wave deploy in parallel, waves one after the other in the order
     * they first appear. It names a CodePipeline stage: 1-100 letters, digits, {@code .}, {@code @}, {@code -} or
     * {@code _}.
     *
     * @default - a wave of its own, named after the stage
     */
    public @Nullable String getWave() {
        return wave;
    }

    /** Builder for {@link ToolchainStage}. */
    public static final class Builder {
        private String name;
        private Environment env;
        private IEcsDeploymentConfig deploymentConfig;
        private NativeTrafficShift trafficShift;
        private Boolean manualApproval;
        private String wave;

        private Builder() {}

        /** @see ToolchainStage#getName() */
        public Builder name(final String name) {
            this.name = name;
            return this;
        }

        /** @see ToolchainStage#getEnv() */
        public Builder env(final Environment env) {
            this.env = env;
            return this;
        }

        /** @see ToolchainStage#getDeploymentConfig() */
        public Builder deploymentConfig(final IEcsDeploymentConfig deploymentConfig) {
            this.deploymentConfig = deploymentConfig;
            return this;
        }

        /** @see ToolchainStage#getTrafficShift() */
        public Builder trafficShift(final NativeTrafficShift trafficShift) {
            this.trafficShift = trafficShift;
            return this;
        }

        /** @see ToolchainStage#getManualApproval() */
        public Builder manualApproval(final Boolean manualApproval) {
            this.manualApproval = manualApproval;
            return this;
        }

        /** @see ToolchainStage#getWave() */
        public Builder wave(final String wave) {
            this.wave = wave;
            return this;
        }

        /**
         * @return the props
         * @throws IllegalArgumentException when a required prop is missing
         */
        public ToolchainStage build() {
            if (name == null) {
                throw new IllegalArgumentException("ToolchainStage: name is required, got nothing");
            }
            if (env == null) {
                throw new IllegalArgumentException("ToolchainStage: env is required, got nothing");
            }
            return new ToolchainStage(this);
        }
    }
}
