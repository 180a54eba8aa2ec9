package io.github.securefargate.service;

import io.github.securefargate.internal.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.CfnService;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.DeploymentController;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleLambdaTarget;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleLambdaTargetProps;
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
     * Lambda hooks and the alternate target. aws-cdk-lib 2.263 takes the strategy, bake time and linear/canary
     * configuration only when the {@code FargateService} is constructed, and the alternate target only when the target
     * group is attached, which {@code SecureFargateService} does in its own constructor; so these are rendered here, on
     * the resource this construct owns. The hooks go through {@code FargateService.addLifecycleHook}.
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
        // Only the keys native delivery owns are written over what the FargateService renders, so that lifecycle
        // hooks added later through the service's own addLifecycleHook are rendered after these. The alarms are
        // written here too: enableDeploymentAlarms would note each of these names (Refs) as a possible circular
        // dependency on every synth.
        resource.addPropertyOverride(
                "DeploymentConfiguration.Strategy", delivery.getStrategy().name());
        resource.addPropertyOverride(
                "DeploymentConfiguration.BakeTimeInMinutes",
                delivery.getBakeTime().toMinutes());
        resource.addPropertyDeletionOverride("DeploymentConfiguration.DeploymentCircuitBreaker");
        if (delivery.getStrategy() == DeploymentStrategy.LINEAR) {
            resource.addPropertyOverride(
                    "DeploymentConfiguration.LinearConfiguration",
                    ordered(
                            "StepBakeTimeInMinutes", delivery.getStepBakeTime().toMinutes(),
                            "StepPercent", delivery.getStepPercent()));
        } else if (delivery.getStrategy() == DeploymentStrategy.CANARY) {
            resource.addPropertyOverride(
                    "DeploymentConfiguration.CanaryConfiguration",
                    ordered(
                            "CanaryBakeTimeInMinutes",
                                    delivery.getStepBakeTime().toMinutes(),
                            "CanaryPercent", delivery.getStepPercent()));
        }
        if (!delivery.getAlarmNames().isEmpty()) {
            resource.addPropertyOverride(
                    "DeploymentConfiguration.Alarms",
                    ordered(
                            "AlarmNames", delivery.getAlarmNames(),
                            "Enable", true,
                            "Rollback", delivery.isRollbackOnAlarm()));
        } else {
            // Without @aws-cdk/aws-ecs:removeDefaultDeploymentAlarm the FargateService renders a disabled alarm block.
            resource.addPropertyDeletionOverride("DeploymentConfiguration.Alarms");
        }
        int hookNumber = 0;
        for (NativeDelivery.Hook hook : delivery.getHooks()) {
            service.addLifecycleHook(new DeploymentLifecycleLambdaTarget(
                    hook.getFunction(),
                    "NativeDeliveryHook" + ++hookNumber,
                    DeploymentLifecycleLambdaTargetProps.builder()
                            .lifecycleStages(hook.getStages())
                            .role(hook.getRole())
                            .build()));
        }

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

    /** @return the key-value pairs in their order, so that the template's text is the same on every synth */
    private static Map<String, Object> ordered(final Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
