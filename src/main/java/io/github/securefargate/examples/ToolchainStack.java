package io.github.securefargate.examples;

import io.github.securefargate.pipeline.Toolchain;
import io.github.securefargate.pipeline.ToolchainStage;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.pipelines.CodePipelineSource;
import software.amazon.awscdk.pipelines.ConnectionSourceOptions;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig;
import software.constructs.Construct;

/**
 * Example: the toolchain account's stack. A pipeline that takes this repository from a CodeStar connection, updates
 * itself, then deploys the blue/green example service to UAT (one account, canary) and, after a manual approval, to
 * Prod (another account, another Region, canary).
 */
public class ToolchainStack extends Stack {
    private final Toolchain toolchain;

    /**
     * @param scope parent
     * @param id    stack id
     * @param props stack properties (the toolchain account and Region)
     */
    public ToolchainStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);
        this.toolchain = Toolchain.Builder.create(this, "Toolchain")
                .source(CodePipelineSource.connection(
                        ExampleEnvironments.context(this, "repository", ExampleEnvironments.REPOSITORY),
                        ExampleEnvironments.context(this, "branch", ExampleEnvironments.BRANCH),
                        ConnectionSourceOptions.builder()
                                .connectionArn(ExampleEnvironments.context(this, "connectionArn",
                                        ExampleEnvironments.CONNECTION_ARN))
                                .build()))
                .serviceStage((stage, settings) -> {
                    return new BlueGreenServiceStack(stage, "Service", StackProps.builder()
                            .description("secure-fargate-constructs example: blue/green service, stage "
                                    + settings.getName())
                            .build(), settings.getDeploymentConfig()).getBlueGreen();
                })
                .addStage("UAT", EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES, ExampleEnvironments.uat(this))
                .addStage(ToolchainStage.builder()
                        .name("Prod")
                        .deploymentConfig(EcsDeploymentConfig.CANARY_10_PERCENT_15_MINUTES)
                        .env(ExampleEnvironments.prod(this))
                        .manualApproval(true)
                        .build())
                .build();
    }

    /** @return the toolchain */
    public Toolchain getToolchain() {
        return toolchain;
    }
}
