package io.github.securefargate.pipeline;

import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import java.util.List;
import software.amazon.awscdk.pipelines.CodeBuildStep;

/**
 * The CodeBuild steps a {@link Toolchain} adds to each stage around the service stack: the listener guard between
 * the change set's creation and execution, and the release step that writes the three deployment files. Both read
 * the stage's service only through the {@link BlueGreenService} getters.
 *
 * <p>Not part of the public API.
 */
final class ReleaseSteps {
    private ReleaseSteps() {}

    /**
     * Fails unless the release step can be written for {@code service}: its task definition family, container name
     * and port known at synth time, and its pipeline roles trusting the toolchain account.
     */
    static void validate(
            final Toolchain owner,
            final BlueGreenService service,
            final String toolchainAccount,
            final String stageAccount) {
        if (Check.isToken(service.getTaskDefinitionFamily())) {
            throw Check.fail(
                    owner,
                    "serviceStage",
                    "must return a service whose task definition family is known at " + "synth time, got a token for "
                            + Check.path(service));
        }
        String trusted = service.getPipelineAccount();
        if (!Check.isToken(trusted) && !trusted.equals(toolchainAccount)) {
            throw Check.fail(
                    owner,
                    "serviceStage",
                    "must return a service whose pipeline roles trust the toolchain "
                            + "account " + toolchainAccount + ", got "
                            + Check.path(service) + " trusting " + trusted
                            + (trusted.equals(stageAccount)
                                    ? " (the stage's own account, which is " + "the default)"
                                    : "")
                            + "; set pipelineAccount(\"" + toolchainAccount + "\") on its BlueGreenService");
        }
        if (Check.isToken(service.getContainerPort()) || Check.isToken(service.getContainerName())) {
            throw Check.fail(
                    owner,
                    "serviceStage",
                    "must return a service whose container name and port are known "
                            + "at synth time (the release step writes them into appspec.yaml), got a token for "
                            + Check.path(service));
        }
    }

    /**
     * The release step: reads the task definition registered in the stage's account (through the reader role) and
     * writes {@code taskdef.json}, {@code appspec.yaml} and {@code imageDetail.json} with {@link DeploymentArtifacts}.
     */
    static CodeBuildStep release(
            final ToolchainProps props,
            final BlueGreenService service,
            final String readerRoleArn,
            final List<String> classpathCommands) {
        StageCommands stage = new StageCommands(Env.stack(service));
        List<String> commands = StageCommands.profile(classpathCommands, readerRoleArn);
        commands.add("aws ecs describe-task-definition --task-definition " + service.getTaskDefinitionFamily()
                + stage.cliOptions + " --output json > target/described-task-definition.json");
        StringBuilder generate = new StringBuilder(StageCommands.java(DeploymentArtifacts.class))
                .append(" --task-definition target/described-task-definition.json")
                .append(" --container ")
                .append(service.getContainerName())
                .append(" --port ")
                .append(service.getContainerPort())
                .append(" --platform-version ")
                .append(service.getPlatformVersion());
        service.getLifecycleHookFunctionNames()
                .forEach((event, fn) ->
                        generate.append(" --hook ").append(event).append('=').append(fn));
        generate.append(" --out ").append(Toolchain.RELEASE_DIRECTORY);
        commands.add(generate.toString());
        return CodeBuildStep.Builder.create(Toolchain.RELEASE_STEP_ID)
                .input(props.getSource())
                .commands(commands)
                .primaryOutputDirectory(Toolchain.RELEASE_DIRECTORY)
                .rolePolicyStatements(List.of(StageCommands.assumeRole(readerRoleArn)))
                .build();
    }

    /**
     * The step that runs {@link ListenerGuard} between the creation and the execution of the service stack's change
     * set: it stops a stack update that would rewrite the production listener while CodeDeploy has production traffic
     * on the other target group (see {@link ListenerGuard} for the rule and its sources).
     */
    static CodeBuildStep listenerGuard(
            final ToolchainProps props,
            final BlueGreenService service,
            final String readerRoleArn,
            final List<String> classpathCommands) {
        StageCommands stage = new StageCommands(Env.stack(service));
        String listener = stage.logicalId(service.getProductionListener());
        String blue = stage.logicalId(service.getBlueTargetGroup());
        List<String> commands = StageCommands.profile(classpathCommands, readerRoleArn);
        commands.add(stage.describeChangeSet());
        commands.add(stage.listenerCheck(
                "touches --change-set target/change-set.json --listener " + listener, listener, blue));
        return CodeBuildStep.Builder.create(Toolchain.LISTENER_GUARD_STEP_ID)
                .input(props.getSource())
                .commands(commands)
                .rolePolicyStatements(List.of(StageCommands.assumeRole(readerRoleArn)))
                .build();
    }
}
