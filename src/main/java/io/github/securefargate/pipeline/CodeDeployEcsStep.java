package io.github.securefargate.pipeline;

import io.github.securefargate.internal.Env;
import java.util.List;
import org.jetbrains.annotations.NotNull;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.pipelines.CodePipelineActionFactoryResult;
import software.amazon.awscdk.pipelines.FileSet;
import software.amazon.awscdk.pipelines.ICodePipelineActionFactory;
import software.amazon.awscdk.pipelines.ProduceActionOptions;
import software.amazon.awscdk.pipelines.Step;
import software.amazon.awscdk.services.codedeploy.EcsApplication;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentGroup;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentGroupAttributes;
import software.amazon.awscdk.services.codedeploy.IEcsApplication;
import software.amazon.awscdk.services.codedeploy.IEcsDeploymentGroup;
import software.amazon.awscdk.services.codepipeline.Artifact;
import software.amazon.awscdk.services.codepipeline.IStage;
import software.amazon.awscdk.services.codepipeline.actions.CodeDeployEcsContainerImageInput;
import software.amazon.awscdk.services.codepipeline.actions.CodeDeployEcsDeployAction;
import software.amazon.awscdk.services.iam.FromRoleArnOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * A CDK Pipelines step that deploys a release to an ECS service with CodeDeploy blue/green: a
 * {@link CodeDeployEcsDeployAction} that reads {@code appspec.yaml}, {@code taskdef.json} and {@code imageDetail.json}
 * from one file set (written by {@link DeploymentArtifacts}).
 *
 * <p>The application, deployment group and action role are referenced <b>by name</b> in the target account and Region:
 * the stage's service stack creates them ({@code BlueGreenService}), so the pipeline stack has no reference to it and
 * no cyclic dependency. Because the action role is an imported role that the service stack owns, CodePipeline creates
 * no role of its own in a cross-Region support stack, which is what causes the cyclic reference of aws-cdk issue 26691
 * for single-account cross-Region deployments.
 */
public class CodeDeployEcsStep extends Step implements ICodePipelineActionFactory {
    private final FileSet release;
    private final String applicationName;
    private final String deploymentGroupName;
    private final String account;
    private final String region;
    private final String roleName;

    /**
     * @param id                  step id (the action's name)
     * @param release             file set with appspec.yaml, taskdef.json and imageDetail.json
     * @param applicationName     CodeDeploy application name
     * @param deploymentGroupName CodeDeploy deployment group name
     * @param account             account of the service
     * @param region              Region of the service
     * @param roleName            name of the role, in that account, that the action uses
     */
    public CodeDeployEcsStep(
            final String id,
            final FileSet release,
            final String applicationName,
            final String deploymentGroupName,
            final String account,
            final String region,
            final String roleName) {
        super(id);
        this.release = release;
        this.applicationName = applicationName;
        this.deploymentGroupName = deploymentGroupName;
        this.account = account;
        this.region = region;
        this.roleName = roleName;
        addDependencyFileSet(release);
    }

    @Override
    public @NotNull CodePipelineActionFactoryResult produceAction(
            final @NotNull IStage stage, final @NotNull ProduceActionOptions options) {
        Construct scope = new Construct(options.getScope(), options.getActionName());
        Stack pipelineStack = Env.stack(scope);
        Artifact artifact = options.getArtifacts().toCodePipeline(release);

        IEcsApplication application = EcsApplication.fromEcsApplicationArn(
                scope,
                "Application",
                Env.arn(pipelineStack, "codedeploy", region, account, "application", ":", applicationName));
        IEcsDeploymentGroup deploymentGroup = EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(
                scope,
                "DeploymentGroup",
                EcsDeploymentGroupAttributes.builder()
                        .application(application)
                        .deploymentGroupName(deploymentGroupName)
                        .build());
        IRole role = Role.fromRoleArn(
                scope,
                "Role",
                Env.roleArn(pipelineStack, account, roleName),
                FromRoleArnOptions.builder().mutable(false).build());

        stage.addAction(CodeDeployEcsDeployAction.Builder.create()
                .actionName(options.getActionName())
                .runOrder(options.getRunOrder())
                .deploymentGroup(deploymentGroup)
                .role(role)
                .appSpecTemplateFile(artifact.atPath(DeploymentArtifacts.APPSPEC_FILE))
                .taskDefinitionTemplateFile(artifact.atPath(DeploymentArtifacts.TASK_DEFINITION_FILE))
                .containerImageInputs(List.of(CodeDeployEcsContainerImageInput.builder()
                        .input(artifact)
                        .taskDefinitionPlaceholder(DeploymentArtifacts.IMAGE_PLACEHOLDER)
                        .build()))
                .build());
        return CodePipelineActionFactoryResult.builder().runOrdersConsumed(1).build();
    }

    /** @return the file set the action reads */
    public FileSet getRelease() {
        return release;
    }

    /** @return the CodeDeploy application name */
    public String getApplicationName() {
        return applicationName;
    }

    /** @return the CodeDeploy deployment group name */
    public String getDeploymentGroupName() {
        return deploymentGroupName;
    }
}
