package io.github.securefargate.pipeline;

import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.bluegreen.IReleasableService;
import io.github.securefargate.bluegreen.NativeBlueGreenService;
import software.amazon.awscdk.Stage;

/**
 * Fills one stage of a {@link Toolchain} with the stacks it deploys, for example a stack with a VPC, an encrypted
 * cluster and a {@link BlueGreenService}, and returns that service so that the toolchain can deploy new releases to it
 * with CodeDeploy; for a native stage ({@link ToolchainStage#getTrafficShift()}) it returns the
 * {@link NativeBlueGreenService} it created, which ECS releases through the stack update.
 *
 * <pre>{@code
 * (stage, settings) -> settings.getTrafficShift() != null
 *         ? new BlueGreenServiceStack(stage, "Service", props, settings.getTrafficShift()).getNativeBlueGreen()
 *         : new BlueGreenServiceStack(stage, "Service", props, settings.getDeploymentConfig()).getBlueGreen()
 * }</pre>
 */
@FunctionalInterface
public interface ServiceStageFactory {
    /**
     * @param stage    the stage (its environment is the stage's account and Region); create the stacks in it
     * @param settings the stage's settings (name, environment, deployment configuration)
     * @return the service inside {@code stage} that the pipeline deploys releases to: a {@link BlueGreenService} for a
     *     CodeDeploy stage, a {@link NativeBlueGreenService} for a stage with {@link ToolchainStage#getTrafficShift()}
     */
    IReleasableService create(Stage stage, ToolchainStage settings);
}
