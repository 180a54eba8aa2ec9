package io.github.securefargate.service;

import io.github.securefargate.internal.Check;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.CfnService;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.DeploymentController;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleStage;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.TaskDefinitionRevision;

/**
 * How a {@link SecureFargateService} is released: the ECS service with its deployment controller and, for rolling
 * releases, the circuit breaker; and, when a construct asks for it, ECS-native blue/green, linear or canary delivery
 * written on the service's own resource. Creates its children in the service's scope.
 *
 * <p>Not part of the public API.
 */
final class DeliveryFeature {
    private DeliveryFeature() {}

    static FargateService createService(
            final SecureFargateService owner,
            final ServiceSettings settings,
            final TaskDefinitionFeature task,
            final SecurityGroup securityGroup) {
        FargateService.Builder builder = FargateService.Builder.create(owner, "Service")
                .cluster(settings.props.getCluster())
                .taskDefinition(task.taskDefinition)
                .desiredCount(settings.desiredCount)
                .minHealthyPercent(settings.minHealthyPercent)
                .maxHealthyPercent(settings.maxHealthyPercent)
                .platformVersion(settings.platformVersion)
                .assignPublicIp(false)
                .vpcSubnets(settings.vpcSubnets)
                .securityGroups(List.of(securityGroup))
                .healthCheckGracePeriod(settings.healthCheckGracePeriod)
                .propagateTags(PropagatedTagSource.SERVICE)
                .enableEcsManagedTags(true);
        if (settings.isCodeDeploy()) {
            builder.deploymentController(DeploymentController.builder()
                            .type(DeploymentControllerType.CODE_DEPLOY)
                            .build())
                    .taskDefinitionRevision(TaskDefinitionRevision.LATEST);
        } else if (settings.circuitBreaker) {
            builder.circuitBreaker(DeploymentCircuitBreaker.builder()
                    .enable(true)
                    .rollback(true)
                    .build());
        }
        return builder.build();
    }

    /**
     * Writes native delivery on the service's own {@code AWS::ECS::Service}: the ECS controller stated explicitly
     * (so that a switch from CODE_DEPLOY is an in-place update), the strategy with its bake times, the alarms, the
     * Lambda hooks and the alternate target. aws-cdk-lib 2.263 only takes these when the {@code FargateService} is
     * constructed, so they are rendered here, on the resource this construct owns.
     *
     * <p>The deployment circuit breaker is left out (an explicit {@code circuitBreaker(true)} fails): it "can only be
     * used for services using the rolling update"
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-service-deploymentcircuitbreaker.html);
     * alarms and hooks roll native deployments back instead.
     */
    static void applyNative(
            final SecureFargateService owner,
            final ServiceSettings settings,
            final FargateService service,
            final String blueTargetGroupArn,
            final NativeDelivery delivery) {
        if (Boolean.TRUE.equals(settings.props.getCircuitBreaker())) {
            throw Check.fail(
                    owner,
                    "circuitBreaker",
                    "applies only to rolling deployments, got true with native delivery; remove circuitBreaker(true)"
                            + " (alarms and lifecycle hooks roll native deployments back)");
        }
        CfnService resource = (CfnService) service.getNode().getDefaultChild();
        resource.setDeploymentController(
                CfnService.DeploymentControllerProperty.builder().type("ECS").build());
        CfnService.DeploymentConfigurationProperty.Builder config = CfnService.DeploymentConfigurationProperty.builder()
                .maximumPercent(settings.maxHealthyPercent)
                .minimumHealthyPercent(settings.minHealthyPercent)
                .strategy(delivery.getStrategy().name())
                .bakeTimeInMinutes(delivery.getBakeTime().toMinutes());
        if (delivery.getStrategy() == DeploymentStrategy.LINEAR) {
            config.linearConfiguration(CfnService.LinearConfigurationProperty.builder()
                    .stepPercent(delivery.getStepPercent())
                    .stepBakeTimeInMinutes(delivery.getStepBakeTime().toMinutes())
                    .build());
        } else if (delivery.getStrategy() == DeploymentStrategy.CANARY) {
            config.canaryConfiguration(CfnService.CanaryConfigurationProperty.builder()
                    .canaryPercent(delivery.getStepPercent())
                    .canaryBakeTimeInMinutes(delivery.getStepBakeTime().toMinutes())
                    .build());
        }
        if (!delivery.getAlarmNames().isEmpty()) {
            config.alarms(CfnService.DeploymentAlarmsProperty.builder()
                    .alarmNames(delivery.getAlarmNames())
                    .enable(true)
                    .rollback(delivery.isRollbackOnAlarm())
                    .build());
        }
        List<CfnService.DeploymentLifecycleHookProperty> hooks = new ArrayList<>();
        for (NativeDelivery.Hook hook : delivery.getHooks()) {
            List<String> stages = new ArrayList<>();
            for (DeploymentLifecycleStage stage : hook.getStages()) {
                stages.add(stage.name());
            }
            hooks.add(CfnService.DeploymentLifecycleHookProperty.builder()
                    .hookTargetArn(hook.getFunction().getFunctionArn())
                    .roleArn(hook.getRole().getRoleArn())
                    .lifecycleStages(stages)
                    .build());
        }
        if (!hooks.isEmpty()) {
            config.lifecycleHooks(hooks);
        }
        resource.setDeploymentConfiguration(config.build());

        CfnService.AdvancedConfigurationProperty.Builder advanced = CfnService.AdvancedConfigurationProperty.builder()
                .alternateTargetGroupArn(delivery.getAlternateTargetGroup().getTargetGroupArn())
                .productionListenerRule(delivery.getProductionListenerRule().getListenerRuleArn())
                .roleArn(delivery.getInfrastructureRole().getRoleArn());
        if (delivery.getTestListenerRule() != null) {
            advanced.testListenerRule(delivery.getTestListenerRule().getListenerRuleArn());
        }
        List<CfnService.LoadBalancerProperty> rendered = new ArrayList<>();
        boolean bound = false;
        for (CfnService.LoadBalancerProperty lb : service.getLoadBalancers()) {
            if (blueTargetGroupArn.equals(lb.getTargetGroupArn())) {
                rendered.add(CfnService.LoadBalancerProperty.builder()
                        .containerName(lb.getContainerName())
                        .containerPort(lb.getContainerPort())
                        .targetGroupArn(lb.getTargetGroupArn())
                        .advancedConfiguration(advanced.build())
                        .build());
                bound = true;
            } else {
                rendered.add(lb);
            }
        }
        if (!bound) {
            throw Check.fail(owner, "targetGroup", "must be attached to the service before native delivery is set");
        }
        service.setLoadBalancers(rendered);
    }
}
