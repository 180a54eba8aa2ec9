package io.github.securefargate.examples;

import io.github.securefargate.pipeline.Toolchain;
import io.github.securefargate.pipeline.ToolchainStage;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.pipelines.CodePipelineSource;
import software.amazon.awscdk.pipelines.ConnectionSourceOptions;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig;
import software.amazon.awscdk.services.codepipeline.CrossRegionSupport;
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
                                .connectionArn(ExampleEnvironments.context(
                                        this, "connectionArn", ExampleEnvironments.CONNECTION_ARN))
                                .build()))
                .serviceStage((stage, settings) -> {
                    StackProps stageProps = StackProps.builder()
                            .description("secure-fargate-constructs example: blue/green service, stage "
                                    + settings.getName())
                            .build();
                    // A stage with a traffic shift is native (ECS shifts traffic), the others release through
                    // CodeDeploy.
                    return settings.getTrafficShift() != null
                            ? new BlueGreenServiceStack(stage, "Service", stageProps, settings.getTrafficShift())
                                    .getNativeBlueGreen()
                            : new BlueGreenServiceStack(stage, "Service", stageProps, settings.getDeploymentConfig())
                                    .getBlueGreen();
                })
                // This repository's tests run AWS code against moto: the synth step installs it before the build.
                .synthCommands(synthCommands())
                .addStage("UAT", EcsDeploymentConfig.CANARY_10_PERCENT_5_MINUTES, ExampleEnvironments.uat(this))
                .addStage(ToolchainStage.builder()
                        .name("Prod")
                        .deploymentConfig(EcsDeploymentConfig.CANARY_10_PERCENT_15_MINUTES)
                        .env(ExampleEnvironments.prod(this))
                        .manualApproval(true)
                        .build())
                .build();
        acknowledgeChoices(toolchain);
    }

    /**
     * Acknowledges, for cdk-nag, what this example chooses not to have: Cross-Region Replication of the artifact
     * bucket, of CodePipeline's replication buckets in the other Regions and of the access-log bucket. Artifacts are
     * transient build outputs the pipeline re-creates from source, and the access logs stay in the toolchain's Region.
     */
    static void acknowledgeChoices(final Toolchain toolchain) {
        String[] replication = {
            "NIST.800.53.R5-S3BucketReplicationEnabled",
            "HIPAA.Security-S3BucketReplicationEnabled",
            "PCI.DSS.321-S3BucketReplicationEnabled"
        };
        ExampleNetwork.suppress(
                toolchain.getArtifactBucket(),
                "Pipeline artifacts are transient build outputs that "
                        + "the pipeline re-creates from source; replicating them to another Region adds no availability",
                replication);
        ExampleNetwork.suppress(
                toolchain.getAccessLogsBucket(),
                "The artifact bucket's access logs are kept in the "
                        + "toolchain's Region; this example does not replicate them for disaster recovery",
                replication);
        for (CrossRegionSupport support :
                toolchain.getPipeline().getPipeline().getCrossRegionSupport().values()) {
            ExampleNetwork.suppress(
                    support.getReplicationBucket(),
                    "CodePipeline's replication bucket for actions "
                            + "in another Region holds only transient copies of pipeline artifacts; replicating it adds "
                            + "nothing",
                    replication);
        }
    }

    /**
     * @return the default synth commands, after installing the Python test dependencies of this repository (the
     *         versions its build machines have)
     */
    static List<String> synthCommands() {
        List<String> commands = new ArrayList<>();
        commands.add("pip3 install --quiet " + String.join(" ", TEST_PYTHON_PACKAGES));
        commands.addAll(Toolchain.defaultSynthCommands(Toolchain.DEFAULT_CLI_VERSION));
        return commands;
    }

    /** Python packages this repository's tests use. */
    static final List<String> TEST_PYTHON_PACKAGES = List.of("moto==5.2.1");

    /** @return the toolchain */
    public Toolchain getToolchain() {
        return toolchain;
    }
}
