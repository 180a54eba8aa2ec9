package io.github.securefargate.pipeline;

import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.bluegreen.NativeBlueGreenService;
import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.pipelines.CodeBuildStep;

/**
 * The step a {@link Toolchain} adds after the stack of a native stage ({@link NativeBlueGreenService}): the stack
 * update itself releases the new task definition (ECS shifts the traffic, CloudFormation waits for the deployment,
 * bake time included: CloudFormation's 33-hour limit for linear deployments only makes sense that way,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-linearconfiguration.html);
 * then this step reads the service's current deployment and fails unless ECS reports it {@code SUCCESSFUL}, so that a
 * deployment ECS rolled back stops the pipeline even where CloudFormation reported the update complete. No
 * PrepareRelease, no CodeDeploy action.
 *
 * <p>Not part of the public API.
 */
final class NativeStageSteps {
    /** Status of a service deployment that finished without a rollback (API_ServiceDeployment). */
    static final String SUCCESSFUL = "SUCCESSFUL";

    private NativeStageSteps() {}

    /**
     * @return the ARN of the service's reader role in the stage's account; fails unless it trusts the toolchain
     *     account
     */
    static String readerRoleArn(
            final Toolchain owner,
            final NativeBlueGreenService service,
            final String account,
            final String region,
            final String toolchainAccount) {
        String trusted = service.getPipelineAccount();
        if (!Check.isToken(trusted) && !trusted.equals(toolchainAccount)) {
            throw Check.fail(
                    owner,
                    "serviceStage",
                    "must return a service whose reader role trusts the toolchain account " + toolchainAccount
                            + ", got " + Check.path(service) + " trusting " + trusted
                            + "; set pipelineAccount(\"" + toolchainAccount + "\") on its NativeBlueGreenService");
        }
        return Env.roleArn(
                owner, account, BlueGreenService.taskDefinitionReaderRoleName(service.getServiceName(), region));
    }

    /**
     * The step between the creation and the execution of a native stage's change set ({@link ListenerGuard}): a change
     * set that modifies or removes the production rule runs only while ECS has production on blue only (the rule's
     * template forward), and one that adds the rule to the existing listener (the switch from CodeDeploy) only while
     * that listener forwards to blue, so that no update sends production traffic to the target group without tasks.
     * A new stack (the listener is added too) has nothing to check.
     */
    static CodeBuildStep routingGuard(
            final ToolchainProps props,
            final NativeBlueGreenService service,
            final String readerRoleArn,
            final List<String> classpathCommands) {
        StageCommands stage = new StageCommands(Env.stack(service));
        String rule = stage.logicalId(service.getProductionRule());
        String listener = stage.logicalId(service.getService().getListener());
        String blue = stage.logicalId(service.getBlueTargetGroup());
        String java = StageCommands.java(ListenerGuard.class);
        List<String> commands = StageCommands.profile(classpathCommands, readerRoleArn);
        commands.add(stage.describeChangeSet());
        commands.add(StageCommands.whenProbe(
                java + " touches --change-set target/change-set.json --rule " + rule,
                "aws elbv2 describe-rules --rule-arns " + stage.physicalId(rule) + stage.cliOptions
                        + " --output json > target/rules.json && " + java + " check-rule --rules target/rules.json"
                        + " --rule " + rule + " --expected-target-group " + stage.physicalId(blue)));
        commands.add(stage.listenerCheck(
                "adds --change-set target/change-set.json --rule " + rule + " --listener " + listener, listener, blue));
        return CodeBuildStep.Builder.create(Toolchain.ROUTING_GUARD_STEP_ID)
                .input(props.getSource())
                .commands(commands)
                .rolePolicyStatements(List.of(StageCommands.assumeRole(readerRoleArn)))
                .build();
    }

    /**
     * The step that fails unless the service's current ECS deployment is {@value #SUCCESSFUL}. The service names its
     * current deployment ({@code currentServiceDeployment} of DescribeServices), so no listing is read: a listing of
     * the service's deployments comes in pages (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html)
     * and a service with many releases would have its newest one on a later page.
     */
    static CodeBuildStep verifyDeployment(
            final ToolchainProps props, final NativeBlueGreenService service, final String readerRoleArn) {
        Stack serviceStack = Env.stack(service.getService().getService());
        StageCommands stage = new StageCommands(serviceStack);
        String serviceId = stage.logicalId(service.getService().getService());
        List<String> commands = StageCommands.profile(List.of(), readerRoleArn);
        // The physical id of an AWS::ECS::Service is its ARN: arn:...:service/<cluster>/<service>.
        // currentServiceDeployment came with ECS service deployments (2024); an older CLI prints None for it.
        commands.add("aws --version");
        commands.add("SERVICE_ARN=" + stage.physicalId(serviceId));
        commands.add("DEPLOYMENT=$(aws ecs describe-services --cluster \"$(echo \"$SERVICE_ARN\" | cut -d/ -f2)\""
                + " --services \"$SERVICE_ARN\"" + stage.cliOptions
                + " --query 'services[0].currentServiceDeployment' --output text)");
        commands.add(
                "if [ -z \"$DEPLOYMENT\" ] || [ \"$DEPLOYMENT\" = None ]; then echo \"ECS names no current deployment"
                        + " of $SERVICE_ARN (an AWS CLI older than ECS service deployments prints None as well: see"
                        + " its version above)\" >&2; exit 1; fi");
        commands.add("STATUS=$(aws ecs describe-service-deployments --service-deployment-arns \"$DEPLOYMENT\""
                + stage.cliOptions + " --query 'serviceDeployments[0].status' --output text)");
        commands.add("echo \"Current deployment of $SERVICE_ARN ($DEPLOYMENT): $STATUS\"");
        commands.add("if [ \"$STATUS\" != " + SUCCESSFUL + " ]; then echo \"ECS did not finish the release "
                + "(status $STATUS): it was rolled back or is still running; see the service's deployments\" >&2; "
                + "exit 1; fi");
        return CodeBuildStep.Builder.create(Toolchain.VERIFY_STEP_ID)
                .commands(commands)
                .rolePolicyStatements(List.of(StageCommands.assumeRole(readerRoleArn)))
                .build();
    }
}
