package io.github.securefargate.examples;

import io.github.securefargate.bluegreen.BlueGreenService;
import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.notifications.EncryptedTopic;
import io.github.securefargate.service.SecureFargateService;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.codedeploy.IEcsDeploymentConfig;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.constructs.Construct;

/**
 * Example: the service stack each toolchain stage deploys. A VPC, an encrypted cluster, a secure Fargate service under
 * the CODE_DEPLOY controller, and its blue/green deployment (green target group, test listener, CodeDeploy,
 * rollback alarms notified to an encrypted topic).
 */
public class BlueGreenServiceStack extends Stack {
    /** Name of the example's CodeDeploy application and deployment group. */
    public static final String SERVICE_NAME = "hello";

    private final SecureFargateService service;
    private final BlueGreenService blueGreen;

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
        Vpc vpc = ExampleNetwork.vpc(this);
        EncryptedCluster cluster =
                EncryptedCluster.Builder.create(this, "Cluster").vpc(vpc).build();
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
    }

    /** @return the service */
    public SecureFargateService getService() {
        return service;
    }

    /** @return its blue/green deployment */
    public BlueGreenService getBlueGreen() {
        return blueGreen;
    }
}
