package io.github.securefargate.bluegreen;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Rules;
import io.github.securefargate.service.SecureFargateService;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;

/** The synth-time checks of a {@link NativeBlueGreenService}'s props against its service, in the construct's words. */
final class NativeValidation {
    private NativeValidation() {}

    static void validate(
            final NativeBlueGreenService owner,
            final SecureFargateService service,
            final String serviceName,
            final NativeTrafficShift shift,
            final Duration bakeTime,
            final AlarmSettings alarms,
            final String pipelineAccount) {
        DeploymentControllerType controller = service.getDeploymentController();
        if (controller != DeploymentControllerType.ECS) {
            throw Check.fail(
                    owner,
                    "service",
                    "must use the ECS deployment controller for native delivery, got " + controller
                            + "; remove deploymentController(DeploymentControllerType." + controller + ")");
        }
        BlueGreenValidation.serviceName(owner, serviceName);
        Rules.account(owner, "pipelineAccount", pipelineAccount);
        if (shift.getStrategy() == DeploymentStrategy.LINEAR) {
            percent(owner, "trafficShift.stepPercent", shift.getPercent(), NativeTrafficShift.MIN_LINEAR_PERCENT);
            Check.minutesBetween(
                    owner,
                    "trafficShift.stepBakeTime",
                    shift.getStepBakeTime(),
                    0,
                    NativeTrafficShift.MAX_BAKE_MINUTES);
        } else if (shift.getStrategy() == DeploymentStrategy.CANARY) {
            percent(owner, "trafficShift.canaryPercent", shift.getPercent(), NativeTrafficShift.MIN_CANARY_PERCENT);
            Check.minutesBetween(
                    owner,
                    "trafficShift.canaryBakeTime",
                    shift.getStepBakeTime(),
                    0,
                    NativeTrafficShift.MAX_BAKE_MINUTES);
        }
        Check.minutesBetween(owner, "bakeTime", bakeTime, 0, NativeTrafficShift.MAX_BAKE_MINUTES);
        linearWithinCloudFormationTimeout(owner, shift, bakeTime);
        BlueGreenValidation.alarms(owner, alarms);
    }

    /** A percentage between {@code min} and 100 in multiples of 0.1, as ECS and the CloudFormation schema require. */
    private static void percent(
            final NativeBlueGreenService owner, final String prop, final Number value, final double min) {
        if (Check.isToken(value)) {
            return;
        }
        Check.between(owner, prop, value, min, 100);
        double tenths = value.doubleValue() * 10;
        if (Math.abs(tenths - Math.rint(tenths)) > 1e-9) {
            throw Check.fail(
                    owner, prop, "must be a multiple of 0.1 between " + Check.fmt(min) + " and 100, got " + value);
        }
    }

    /**
     * CloudFormation rejects a linear deployment whose bake times exceed 33 hours: {@code bakeTime + stepBakeTime x
     * steps}, steps = {@code 100 / stepPercent - 1} when it divides evenly, else {@code floor(100 / stepPercent)}
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-linearconfiguration.html).
     */
    private static void linearWithinCloudFormationTimeout(
            final NativeBlueGreenService owner, final NativeTrafficShift shift, final Duration bakeTime) {
        if (shift.getStrategy() != DeploymentStrategy.LINEAR
                || Check.isToken(shift.getPercent())
                || shift.getStepBakeTime().isUnresolved()
                || bakeTime.isUnresolved()) {
            return;
        }
        double ratio = 100.0 / shift.getPercent().doubleValue();
        long steps = Math.abs(ratio - Math.rint(ratio)) < 1e-9 ? Math.round(ratio) - 1 : (long) Math.floor(ratio);
        double total = bakeTime.toMinutes().doubleValue()
                + shift.getStepBakeTime().toMinutes().doubleValue() * steps;
        if (total > NativeBlueGreenService.MAX_LINEAR_BAKE_MINUTES) {
            throw Check.fail(
                    owner,
                    "trafficShift",
                    "must keep bakeTime + stepBakeTime x " + steps + " steps within "
                            + NativeBlueGreenService.MAX_LINEAR_BAKE_MINUTES
                            + " minutes (CloudFormation's 33-hour limit for linear deployments), got "
                            + Check.fmt(total) + " minutes");
        }
    }
}
