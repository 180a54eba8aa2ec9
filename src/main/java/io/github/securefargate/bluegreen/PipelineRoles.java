package io.github.securefargate.bluegreen;

import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.service.SecureFargateService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codedeploy.EcsApplication;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentGroup;
import software.amazon.awscdk.services.codedeploy.IEcsDeploymentConfig;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The two roles of a {@link BlueGreenService} that the pipeline assumes by name from its own account: the
 * task-definition reader and the CodeDeploy deploy action role. Creates its children in the owner's scope.
 *
 * <p>Not part of the public API.
 */
final class PipelineRoles {
    /** Why the pipeline roles' own inline policies are acceptable. */
    private static final String INLINE_REASON =
            "Role-scoped policy of a pipeline role, versioned and deployed with its service";

    final Role taskDefinitionReaderRole;
    final Role deployActionRole;

    PipelineRoles(
            final BlueGreenService owner,
            final SecureFargateService service,
            final String pipelineAccount,
            final EcsApplication application,
            final EcsDeploymentGroup deploymentGroup,
            final IEcsDeploymentConfig deploymentConfig) {
        Stack stack = Env.stack(owner);
        String serviceName = owner.getServiceName();
        this.taskDefinitionReaderRole = readerRole(
                owner,
                serviceName,
                pipelineAccount,
                "Lets the pipeline read the task definitions registered for " + serviceName,
                BlueGreenService.READER_ACTIONS,
                List.of());
        this.deployActionRole = Role.Builder.create(owner, "DeployActionRole")
                .roleName(BlueGreenService.deployActionRoleName(serviceName, Env.region(stack)))
                .assumedBy(new AccountPrincipal(pipelineAccount))
                .description("Lets the pipeline's CodeDeploy action deploy " + serviceName)
                .build();
        deployActionRole.addToPolicy(statement(BlueGreenService.APPLICATION_ACTIONS, application.getApplicationArn()));
        deployActionRole.addToPolicy(
                statement(BlueGreenService.DEPLOYMENT_GROUP_ACTIONS, deploymentGroup.getDeploymentGroupArn()));
        deployActionRole.addToPolicy(
                statement(List.of("codedeploy:GetDeploymentConfig"), deploymentConfig.getDeploymentConfigArn()));
        // RegisterTaskDefinition has no resource-level permissions.
        deployActionRole.addToPolicy(statement(List.of("ecs:RegisterTaskDefinition"), "*"));
        deployActionRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("iam:PassRole"))
                .resources(List.of(
                        service.getTaskRole().getRoleArn(),
                        service.getExecutionRole().getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                .build());
        // Pipeline artifacts: bucket and key names belong to the toolchain; scope to what that account owns.
        deployActionRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(BlueGreenService.ARTIFACT_READ_ACTIONS)
                .resources(List.of(Env.arn(stack, "s3", "", "", "*/*", "", null)))
                .conditions(Map.of("StringEquals", Map.of("s3:ResourceAccount", pipelineAccount)))
                .build());
        deployActionRole.addToPolicy(statement(
                BlueGreenService.ARTIFACT_KEY_ACTIONS, Env.arn(stack, "kms", "*", pipelineAccount, "key", "/", "*")));
    }

    /**
     * The pipeline's reader role of either delivery mode, {@code TaskDefinitionReaderRole} named
     * {@code <serviceName>-taskdef-<region>}, trusted by {@code pipelineAccount}: {@code statements}, {@code unscoped} on
     * {@code *} (actions without resource-level permissions), then read access to this stack's change sets and
     * resources (the pipeline's guard steps read the physical ids of its listener, rules and target groups). Same id
     * and name in both modes, so a switch between them keeps the role. Its cdk-nag findings are recorded with it: the
     * role-scoped policy, the {@code *} of {@code unscoped} (named in the reason) and of the stack's generated id, then
     * the further {@code findings} that {@code statements} bring.
     */
    static Role readerRole(
            final Construct owner,
            final String serviceName,
            final String pipelineAccount,
            final String description,
            final List<String> unscoped,
            final List<PolicyStatement> statements,
            final Nag.Rule... findings) {
        Stack stack = Env.stack(owner);
        Role role = Role.Builder.create(owner, "TaskDefinitionReaderRole")
                .roleName(BlueGreenService.taskDefinitionReaderRoleName(serviceName, Env.region(stack)))
                .assumedBy(new AccountPrincipal(pipelineAccount))
                .description(description)
                .build();
        statements.forEach(role::addToPolicy);
        role.addToPolicy(statement(unscoped, "*"));
        role.addToPolicy(statement(
                BlueGreenService.STACK_READER_ACTIONS,
                Env.arn(stack, "cloudformation", "stack", "/", stack.getStackName() + "/*")));
        List<Nag.Rule> rules = new ArrayList<>(List.of(
                Nag.inlinePolicy(INLINE_REASON),
                Nag.rule(
                        String.join(", ", unscoped)
                                + " support no resource-level permissions; the role can only read, and read this "
                                + "stack's change sets and resources (the stack's ARN ends in its generated id)",
                        List.of("Resource::*", "/^Resource::arn:[^:]+:cloudformation:.*:stack\\/.*\\/\\*$/"),
                        "AwsSolutions-IAM5")));
        rules.addAll(List.of(findings));
        Nag.suppress(role.getNode().findChild("DefaultPolicy"), rules.toArray(new Nag.Rule[0]));
        return role;
    }

    private static PolicyStatement statement(final List<String> actions, final String resource) {
        return PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(resource))
                .build();
    }

    /** Records, for cdk-nag, the findings that come with the deploy role, each with its reason (one read and write). */
    void suppressInherentFindings() {
        Nag.suppress(
                deployActionRole.getNode().findChild("DefaultPolicy"),
                Nag.inlinePolicy(INLINE_REASON),
                Nag.rule(
                        "ecs:RegisterTaskDefinition supports no resource-level permissions; artifact buckets and keys "
                                + "are named by the pipeline's account, to which the statements are restricted "
                                + "(s3:ResourceAccount, key ARNs of that account)",
                        List.of(
                                "Resource::*",
                                "/^Resource::arn:.*:s3:::\\*\\/\\*$/",
                                "/^Resource::arn:.*:kms:\\*:.*:key\\/\\*$/"),
                        "AwsSolutions-IAM5"));
    }
}
