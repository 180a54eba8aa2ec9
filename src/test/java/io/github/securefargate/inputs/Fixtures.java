package io.github.securefargate.inputs;

import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.bluegreen.NativeBlueGreenService;
import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.service.SecureFargateService;
import io.github.securefargate.testing.TestApps;
import java.util.function.Consumer;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;

/** Small stacks of the library's constructs for the input tests: a VPC, an encrypted cluster, a service. */
final class Fixtures {

    private Fixtures() {}

    /** Builds an HTTPS service in {@code stack}, adjusted by {@code customize}. */
    static SecureFargateService service(final Stack stack, final Consumer<SecureFargateService.Builder> customize) {
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        EncryptedCluster cluster =
                EncryptedCluster.Builder.create(stack, "Cluster").vpc(vpc).build();
        SecureFargateService.Builder b = SecureFargateService.Builder.create(stack, "Service")
                .cluster(cluster.getCluster())
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"))
                .certificate(Certificate.fromCertificateArn(stack, "Certificate", TestApps.CERTIFICATE_ARN));
        customize.accept(b);
        return b.build();
    }

    /** Builds a toolchain in {@code stack} whose stages each hold a blue/green service, adjusted by {@code customize}. */
    static io.github.securefargate.pipeline.Toolchain toolchain(
            final Stack stack,
            final java.util.function.Function<
                            io.github.securefargate.pipeline.Toolchain.Builder,
                            io.github.securefargate.pipeline.Toolchain.Builder>
                    customize) {
        return customize
                .apply(io.github.securefargate.pipeline.Toolchain.Builder.create(stack, "Toolchain")
                        .source(software.amazon.awscdk.pipelines.CodePipelineSource.connection(
                                "org/repo",
                                "main",
                                software.amazon.awscdk.pipelines.ConnectionSourceOptions.builder()
                                        .connectionArn("arn:aws:codeconnections:eu-west-1:111111111111:connection/x")
                                        .build()))
                        .serviceStage((stage, settings) ->
                                blueGreen(new Stack(stage, "Service"), s -> {}, b -> b.deploymentConfig(
                                                settings.getDeploymentConfig())
                                        .pipelineAccount(stack.getAccount()))))
                .build();
    }

    /** Builds a service and its {@link NativeBlueGreenService} in {@code stack}, adjusted by {@code customize}. */
    static NativeBlueGreenService nativeBlueGreen(
            final Stack stack, final Consumer<NativeBlueGreenService.Builder> customize) {
        NativeBlueGreenService.Builder b = NativeBlueGreenService.Builder.create(stack, "BlueGreen")
                .service(service(stack, s -> {}))
                .serviceName("orders");
        customize.accept(b);
        return b.build();
    }

    /** Builds a CODE_DEPLOY service and its {@link BlueGreenService} in {@code stack}. */
    static BlueGreenService blueGreen(
            final Stack stack,
            final Consumer<SecureFargateService.Builder> service,
            final Consumer<BlueGreenService.Builder> customize) {
        SecureFargateService s = service(stack, b -> {
            b.deploymentController(DeploymentControllerType.CODE_DEPLOY);
            service.accept(b);
        });
        BlueGreenService.Builder b =
                BlueGreenService.Builder.create(stack, "BlueGreen").service(s).serviceName("orders");
        customize.accept(b);
        return b.build();
    }
}
