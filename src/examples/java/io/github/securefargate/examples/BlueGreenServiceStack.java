package io.github.securefargate.examples;

import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.bluegreen.NativeBlueGreenService;
import io.github.securefargate.bluegreen.NativeTrafficShift;
import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.notifications.EncryptedTopic;
import io.github.securefargate.service.SecureFargateService;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.codedeploy.IEcsDeploymentConfig;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleStage;
import software.constructs.Construct;

/**
 * Example: the service stack each toolchain stage deploys. A VPC, an encrypted cluster, a secure Fargate service and
 * its blue/green delivery (green target group, test listener, rollback alarms notified to an encrypted topic): with
 * CodeDeploy when built with an {@link IEcsDeploymentConfig}, natively by ECS (linear or canary, with a smoke-test hook
 * on the test listener) when built with a {@link NativeTrafficShift}. The construct ids are the same both ways, so a
 * stage switches between them with that one argument (see the README's migration section).
 */
public class BlueGreenServiceStack extends Stack {
    /** Name of the example's CodeDeploy application and deployment group (and of the native release). */
    public static final String SERVICE_NAME = "hello";

    private final SecureFargateService service;
    private final @Nullable BlueGreenService blueGreen;
    private final @Nullable NativeBlueGreenService nativeBlueGreen;

    /**
     * @param scope            parent (a toolchain stage)
     * @param id               stack id
     * @param props            stack properties
     * @param deploymentConfig how CodeDeploy shifts traffic in this stage
     */
    public BlueGreenServiceStack(
            final Construct scope,
            final String id,
            final StackProps props,
            final IEcsDeploymentConfig deploymentConfig) {
        super(scope, id, props);
        EncryptedCluster cluster = EncryptedCluster.Builder.create(this, "Cluster")
                .vpc(ExampleNetwork.vpc(this))
                .build();
        this.service = ExampleServices.acknowledgeChoices(ExampleServices.hello(this, cluster)
                .deploymentController(DeploymentControllerType.CODE_DEPLOY)
                .build());
        EncryptedTopic alarms = new EncryptedTopic(this, "DeploymentAlarms");
        this.blueGreen = BlueGreenService.Builder.create(this, "BlueGreen")
                .service(service)
                .serviceName(SERVICE_NAME)
                .deploymentConfig(deploymentConfig)
                .alertTopic(alarms.getTopic())
                .pipelineAccount(ExampleEnvironments.toolchain(this).getAccount())
                .build();
        this.nativeBlueGreen = null;
    }

    /**
     * @param scope        parent
     * @param id           stack id
     * @param props        stack properties
     * @param trafficShift how ECS shifts production traffic (native delivery, no CodeDeploy)
     */
    public BlueGreenServiceStack(
            final Construct scope, final String id, final StackProps props, final NativeTrafficShift trafficShift) {
        super(scope, id, props);
        Vpc vpc = ExampleNetwork.vpc(this);
        EncryptedCluster cluster =
                EncryptedCluster.Builder.create(this, "Cluster").vpc(vpc).build();
        this.service = ExampleServices.acknowledgeChoices(
                ExampleServices.hello(this, cluster).build());
        EncryptedTopic alarms = new EncryptedTopic(this, "DeploymentAlarms");
        SmokeTestHook smokeTest = new SmokeTestHook(this, vpc, service);
        this.nativeBlueGreen = NativeBlueGreenService.Builder.create(this, "BlueGreen")
                .service(service)
                .serviceName(SERVICE_NAME)
                .trafficShift(trafficShift)
                .testTrafficSource(smokeTest.getSource())
                .alertTopic(alarms.getTopic())
                .lifecycleHooks(
                        java.util.Map.of(DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT, smokeTest.getFunction()))
                .pipelineAccount(ExampleEnvironments.toolchain(this).getAccount())
                .build();
        smokeTest.target(nativeBlueGreen);
        this.blueGreen = null;
    }

    /** @return the service */
    public SecureFargateService getService() {
        return service;
    }

    /** @return its CodeDeploy blue/green deployment; null with native delivery */
    public @Nullable BlueGreenService getBlueGreen() {
        return blueGreen;
    }

    /** @return its native delivery; null with CodeDeploy */
    public @Nullable NativeBlueGreenService getNativeBlueGreen() {
        return nativeBlueGreen;
    }
}
