package io.github.securefargate.storage;

import io.github.securefargate.internal.AlarmTopics;
import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Shared;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.efs.PerformanceMode;
import software.amazon.awscdk.services.efs.ThroughputMode;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Metrics and alarms of a {@link LifecycleFileSystem}. Creates the alarms in the file system's scope.
 *
 * <p>Not part of the public API.
 */
final class Monitoring {
    private Monitoring() {}

    /** @return the alarms that apply to the file system's modes, notifying {@code topic} */
    static List<Alarm> alarms(final LifecycleFileSystem owner, final ITopic topic) {
        List<Alarm> alarms = new ArrayList<>();
        ThroughputMode throughputMode = owner.getThroughputMode();
        PerformanceMode performanceMode = owner.getPerformanceMode();
        Duration period = Shared.minutes(LifecycleFileSystem.ALARM_PERIOD_MINUTES);
        if (performanceMode == PerformanceMode.GENERAL_PURPOSE && throughputMode != ThroughputMode.ELASTIC) {
            alarms.add(Alarm.Builder.create(owner, "PercentIoLimitAlarm")
                    .alarmDescription("EFS " + Check.path(owner) + " is close to the I/O limit of General Purpose "
                            + "mode: latency rises. Consider Elastic throughput.")
                    .metric(owner.metricPercentIoLimit(MetricOptions.builder()
                            .period(period)
                            .statistic("Average")
                            .build()))
                    .threshold(LifecycleFileSystem.PERCENT_IO_LIMIT_ALARM_THRESHOLD)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                    .evaluationPeriods(LifecycleFileSystem.ALARM_EVALUATION_PERIODS)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build());
        }
        if (throughputMode == ThroughputMode.BURSTING) {
            alarms.add(Alarm.Builder.create(owner, "BurstCreditBalanceAlarm")
                    .alarmDescription("EFS " + Check.path(owner) + " has less than one hour of burst credits at "
                            + "100 MiB/s left: throughput will fall to the baseline of its size.")
                    .metric(owner.metricBurstCreditBalance(MetricOptions.builder()
                            .period(period)
                            .statistic("Minimum")
                            .build()))
                    .threshold(LifecycleFileSystem.BURST_CREDIT_ALARM_THRESHOLD_BYTES)
                    .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .evaluationPeriods(LifecycleFileSystem.ALARM_EVALUATION_PERIODS)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build());
        }
        if (alarms.isEmpty()) {
            Annotations.of(owner)
                    .addWarningV2(
                            LifecycleFileSystem.WARNING_NO_ALARM,
                            "alertTopic is set but no alarm applies to "
                                    + throughputMode + " throughput with " + performanceMode
                                    + " performance: PercentIOLimit needs "
                                    + "GENERAL_PURPOSE with BURSTING or PROVISIONED throughput, BurstCreditBalance needs BURSTING. "
                                    + "Build your own alarms from the metric methods.");
        }
        AlarmTopics.allowAlarms(owner, topic);
        SnsAction action = new SnsAction(topic);
        alarms.forEach(alarm -> alarm.addAlarmAction(action));
        return alarms;
    }

    /** @return a metric of the {@code AWS/EFS} namespace */
    static Metric metric(
            final String metricName,
            final Map<String, String> dimensions,
            final String statistic,
            final Duration period,
            final @Nullable MetricOptions options) {
        Metric metric = Metric.Builder.create()
                .namespace("AWS/EFS")
                .metricName(metricName)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(period)
                .build();
        return options == null ? metric : metric.with(options);
    }

    /** Share of the permitted throughput in use, in percent, from the metered-I/O and permitted-throughput metrics. */
    static IMetric throughputUtilization(final Metric metered, final Metric permitted) {
        return MathExpression.Builder.create()
                .expression("(metered / PERIOD(metered)) / permitted * 100")
                .usingMetrics(Map.of("metered", metered, "permitted", permitted))
                .label("Throughput utilization (%)")
                .period(Shared.minutes(LifecycleFileSystem.ALARM_PERIOD_MINUTES))
                .build();
    }
}
