package io.github.securefargate.testing;

import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.bluegreen.LifecycleEvent;
import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.pipeline.Toolchain;
import io.github.securefargate.pipeline.ToolchainStage;
import io.github.securefargate.service.SecureFargateService;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.pipelines.CodePipelineSource;
import software.amazon.awscdk.pipelines.ConnectionSourceOptions;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentConfig;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * What a user writes after reading the README: a toolchain stack in the tools account that releases an "orders" service
 * to a test stage (another account, the toolchain's Region) and a production stage (a third account, another Region,
 * with approval), each stage's service stack with HTTPS and a lifecycle hook imported by name. Only the public API.
 */
public final class UserToolchainApp {
    /** Account of the toolchain. */
    public static final String TOOLS = "777777777777";
    /** Account of the Test stage. */
    public static final String TEST = "888888888888";
    /** Account of the Prod stage. */
    public static final String PROD = "999999999999";
    /** Region of the toolchain and the Test stage. */
    public static final String HOME_REGION = "eu-west-1";
    /** Region of the Prod stage. */
    public static final String PROD_REGION = "us-east-1";

    private UserToolchainApp() {}

    /** @return the toolchain stack, built into {@code app} */
    public static Stack build(final App app) {
        return build(app, t -> {});
    }

    /**
     * @param app       the app
     * @param customize last changes to the toolchain builder (before {@code build()})
     * @return the toolchain stack, built into {@code app}
     */
    public static Stack build(final App app, final java.util.function.Consumer<Toolchain.Builder> customize) {
        Stack tools = new Stack(
                app, "Tools", StackProps.builder().env(env(TOOLS, HOME_REGION)).build());
        Toolchain.Builder builder = Toolchain.Builder.create(tools, "Toolchain")
                .source(CodePipelineSource.connection(
                        "acme/orders",
                        "main",
                        ConnectionSourceOptions.builder()
                                .connectionArn("arn:aws:codeconnections:eu-west-1:" + TOOLS
                                        + ":connection/11111111-2222-3333-4444-555555555555")
                                .build()))
                .serviceStage(UserToolchainApp::service)
                .addStage("Test", EcsDeploymentConfig.ALL_AT_ONCE, env(TEST, HOME_REGION))
                .addStage(ToolchainStage.builder()
                        .name("Prod")
                        .env(env(PROD, PROD_REGION))
                        .manualApproval(true)
                        .build());
        customize.accept(builder);
        builder.build();
        return tools;
    }

    /** The stage's service stack, as the README's service-side example writes it. */
    public static BlueGreenService service(final Stage stage, final ToolchainStage settings) {
        Stack stack = new Stack(stage, "Orders");
        return service(stack, settings, TOOLS);
    }

    /** The service of one stage, trusting {@code pipelineAccount} (null: the prop is not set). */
    public static BlueGreenService service(
            final Construct stack, final ToolchainStage settings, final String pipelineAccount) {
        return service(stack, settings, pipelineAccount, "public.ecr.aws/nginx/nginx:1.27");
    }

    /** The service of one stage, trusting {@code pipelineAccount} (null: the prop is not set), running {@code image}. */
    public static BlueGreenService service(
            final Construct stack, final ToolchainStage settings, final String pipelineAccount, final String image) {
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        EncryptedCluster cluster =
                EncryptedCluster.Builder.create(stack, "Cluster").vpc(vpc).build();
        Stack s = Stack.of(stack);
        SecureFargateService service = SecureFargateService.Builder.create(stack, "Service")
                .cluster(cluster.getCluster())
                .image(ContainerImage.fromRegistry(image))
                .certificate(Certificate.fromCertificateArn(
                        stack,
                        "Certificate",
                        "arn:aws:acm:" + s.getRegion() + ":" + s.getAccount()
                                + ":certificate/00000000-0000-0000-0000-000000000000"))
                .deploymentController(DeploymentControllerType.CODE_DEPLOY)
                .build();
        BlueGreenService.Builder blueGreen = BlueGreenService.Builder.create(stack, "BlueGreen")
                .service(service)
                .serviceName("orders")
                .deploymentConfig(settings.getDeploymentConfig())
                .lifecycleHooks(Map.of(
                        LifecycleEvent.AFTER_ALLOW_TEST_TRAFFIC,
                        Function.fromFunctionName(stack, "SmokeTest", "orders-smoke-test")));
        if (pipelineAccount != null) {
            blueGreen.pipelineAccount(pipelineAccount);
        }
        return blueGreen.build();
    }

    /** @return an environment */
    public static Environment env(final String account, final String region) {
        return Environment.builder().account(account).region(region).build();
    }
}
