package io.github.securefargate.bluegreen;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Rules;
import io.github.securefargate.service.SecureFargateService;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecs.DeploymentControllerType;
import software.constructs.IConstruct;

/** The synth-time checks of a {@link BlueGreenService}'s props against its service, in the construct's words. */
final class BlueGreenValidation {
    private static final Pattern SERVICE_NAME =
            Pattern.compile("[A-Za-z0-9._-]{1," + BlueGreenService.MAX_SERVICE_NAME_LENGTH + "}");

    private BlueGreenValidation() {}

    static void validate(
            final BlueGreenService owner,
            final SecureFargateService service,
            final String serviceName,
            final BlueGreenServiceProps props,
            final Duration terminationWait,
            final AlarmSettings alarms) {
        DeploymentControllerType controller = service.getDeploymentController();
        if (controller != DeploymentControllerType.CODE_DEPLOY) {
            throw Check.fail(
                    owner,
                    "service",
                    "must use the CODE_DEPLOY deployment controller, got " + controller
                            + "; create it with deploymentController(DeploymentControllerType.CODE_DEPLOY)");
        }
        serviceName(owner, serviceName);
        Rules.account(owner, "pipelineAccount", props.getPipelineAccount());
        if (props.getTrafficRouting() != null) {
            Rules.trafficRouting(owner, "trafficRouting", props.getTrafficRouting());
        }
        Check.minutesBetween(owner, "terminationWaitTime", terminationWait, 0, BlueGreenService.MAX_WAIT_MINUTES);
        Check.minutesBetween(
                owner,
                "deploymentApprovalWaitTime",
                props.getDeploymentApprovalWaitTime(),
                0,
                BlueGreenService.MAX_WAIT_MINUTES);
        if (props.getDeploymentConfig() != null && props.getTrafficRouting() != null) {
            throw Check.fail(
                    owner, "deploymentConfig", "and trafficRouting are mutually exclusive, got both; pass " + "one");
        }
        if (props.getDeploymentConfig() != null) {
            String name = props.getDeploymentConfig().getDeploymentConfigName();
            if (!Check.isToken(name)
                    && name.startsWith("CodeDeployDefault.")
                    && !name.startsWith("CodeDeployDefault.ECS")) {
                throw Check.fail(
                        owner,
                        "deploymentConfig",
                        "must be an ECS deployment configuration "
                                + "(CodeDeployDefault.ECS... or your own EcsDeploymentConfig), got " + name);
            }
        }
        alarms(owner, alarms);
    }

    /** The release name (CodeDeploy application, role names): shared by both delivery modes. */
    static void serviceName(final IConstruct owner, final String serviceName) {
        if (!Check.isToken(serviceName) && !SERVICE_NAME.matcher(serviceName).matches()) {
            throw Check.fail(
                    owner,
                    "serviceName",
                    "must be 1-" + BlueGreenService.MAX_SERVICE_NAME_LENGTH + " letters, digits, '.', "
                            + "'_' or '-', got '" + serviceName + "'");
        }
    }

    /** Alarm thresholds and counts: shared by both delivery modes (they create the same default alarms). */
    static void alarms(final IConstruct owner, final AlarmSettings settings) {
        Number threshold5xx = settings.threshold5xx();
        Duration latency = settings.latency();
        int alarmCount = settings.count();
        Check.atLeast(owner, "target5xxThreshold", threshold5xx, 1);
        if (latency.isUnresolved()) {
            Check.tokenInSeconds(owner, "latencyThreshold", latency);
        } else if (latency.toMilliseconds().doubleValue() <= 0) {
            throw Check.fail(owner, "latencyThreshold", "must be positive, got " + latency.toHumanString());
        }
        if (settings.rollback() && alarmCount == 0) {
            throw Check.fail(
                    owner,
                    "rollbackOnAlarm",
                    "needs at least one alarm, got none; keep "
                            + "createDefaultAlarms(true), pass alarms(...), or set rollbackOnAlarm(false)");
        }
        if (alarmCount > BlueGreenService.MAX_ALARMS) {
            throw Check.fail(
                    owner,
                    "alarms",
                    "must bring the total to at most " + BlueGreenService.MAX_ALARMS + " alarms, got " + alarmCount
                            + (settings.createDefaults()
                                    ? " including " + BlueGreenService.DEFAULT_ALARM_COUNT + " default alarms"
                                    : ""));
        }
    }
}
