package io.github.securefargate.bluegreen;

import static io.github.securefargate.internal.Defaults.orDefault;

import java.util.List;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * The deployment-alarm settings both blue/green modes take ({@link BlueGreenServiceProps},
 * {@link NativeBlueGreenServiceProps}), with their defaults: the default alarms on, rollback on alarm, 5xx and
 * latency thresholds, the user's alarms and the alert topic. Read once by each construct; validated by
 * {@link BlueGreenValidation#alarms}, rendered by {@link DeploymentAlarms#all}.
 *
 * <p>Not part of the public API.
 *
 * @param createDefaults whether the {@value BlueGreenService#DEFAULT_ALARM_COUNT} default alarms are created
 * @param rollback       whether an alarm rolls the deployment back
 * @param threshold5xx   5xx responses per minute of a target group at which its alarm breaches
 * @param latency        p95 target response time at which the latency alarm breaches
 * @param userAlarms     further alarms
 * @param topic          topic the default alarms notify, or null
 */
record AlarmSettings(
        boolean createDefaults,
        boolean rollback,
        Number threshold5xx,
        Duration latency,
        List<IAlarm> userAlarms,
        @Nullable ITopic topic) {

    /** The getters of the alarm props, as both props classes declare them. */
    interface Source {
        @Nullable
        Boolean getCreateDefaultAlarms();

        @Nullable
        Boolean getRollbackOnAlarm();

        @Nullable
        Number getTarget5xxThreshold();

        @Nullable
        Duration getLatencyThreshold();

        @Nullable
        List<IAlarm> getAlarms();

        @Nullable
        ITopic getAlertTopic();
    }

    /** @return the settings of {@code props}, defaults applied */
    static AlarmSettings of(final Source props) {
        return new AlarmSettings(
                orDefault(props.getCreateDefaultAlarms(), Boolean.TRUE),
                orDefault(props.getRollbackOnAlarm(), Boolean.TRUE),
                orDefault(props.getTarget5xxThreshold(), BlueGreenService.DEFAULT_TARGET_5XX_THRESHOLD),
                props.getLatencyThreshold() != null // the default only when needed: making it is a round trip
                        ? props.getLatencyThreshold()
                        : Duration.millis(BlueGreenService.DEFAULT_LATENCY_THRESHOLD_MILLIS),
                props.getAlarms() != null ? List.copyOf(props.getAlarms()) : List.of(),
                props.getAlertTopic());
    }

    /** @return how many alarms a deployment watches: the default ones (if created) and the user's */
    int count() {
        return (createDefaults ? BlueGreenService.DEFAULT_ALARM_COUNT : 0) + userAlarms.size();
    }
}
