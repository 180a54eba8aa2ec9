package io.github.securefargate.bluegreen;

import io.github.securefargate.internal.AlarmTopics;
import io.github.securefargate.internal.Shared;
import io.github.securefargate.service.SecureFargateService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The default rollback alarms of a {@link BlueGreenService}: 5xx and unhealthy hosts of both target groups, and
 * latency of the load balancer, for {@link BlueGreenService} and {@link NativeBlueGreenService}. Creates its children in the owner's scope.
 *
 * <p>Not part of the public API.
 */
final class DeploymentAlarms {
    private final Construct owner;
    private final String serviceName;
    private final String rollbackBy;
    private final ApplicationLoadBalancer loadBalancer;

    private DeploymentAlarms(
            final Construct owner,
            final String serviceName,
            final String rollbackBy,
            final ApplicationLoadBalancer loadBalancer) {
        this.owner = owner;
        this.serviceName = serviceName;
        this.rollbackBy = rollbackBy;
        this.loadBalancer = loadBalancer;
    }

    /**
     * @return the alarms that stop and roll back a deployment of {@code service}: the default ones (if
     *     {@code settings} creates them) on its load balancer, its blue target group and {@code green}, then the user's
     */
    static List<IAlarm> all(
            final Construct owner,
            final String serviceName,
            final String rollbackBy,
            final SecureFargateService service,
            final ApplicationTargetGroup green,
            final AlarmSettings settings) {
        List<IAlarm> all = new ArrayList<>();
        if (settings.createDefaults()) {
            all.addAll(create(
                    owner,
                    serviceName,
                    rollbackBy,
                    service.getLoadBalancer(),
                    service.getTargetGroup(),
                    green,
                    settings.threshold5xx(),
                    settings.latency(),
                    settings.topic()));
        }
        all.addAll(settings.userAlarms());
        return Collections.unmodifiableList(all);
    }

    /** @return the {@value BlueGreenService#DEFAULT_ALARM_COUNT} default alarms, notifying {@code topic} if set */
    private static List<IAlarm> create(
            final Construct owner,
            final String serviceName,
            final String rollbackBy,
            final ApplicationLoadBalancer loadBalancer,
            final ApplicationTargetGroup blue,
            final ApplicationTargetGroup green,
            final Number threshold5xx,
            final Duration latency,
            final @Nullable ITopic topic) {
        DeploymentAlarms alarms = new DeploymentAlarms(owner, serviceName, rollbackBy, loadBalancer);
        List<Alarm> created = new ArrayList<>();
        created.add(alarms.alarm(
                "Blue5xxAlarm",
                alarms.targetGroupMetric(blue, "HTTPCode_Target_5XX_Count", "Sum"),
                threshold5xx,
                "Target 5xx responses of the blue target group"));
        created.add(alarms.alarm(
                "Green5xxAlarm",
                alarms.targetGroupMetric(green, "HTTPCode_Target_5XX_Count", "Sum"),
                threshold5xx,
                "Target 5xx responses of the green target group"));
        created.add(alarms.alarm(
                "BlueUnhealthyHostsAlarm",
                alarms.targetGroupMetric(blue, "UnHealthyHostCount", "Maximum"),
                1,
                "Unhealthy tasks in the blue target group"));
        created.add(alarms.alarm(
                "GreenUnhealthyHostsAlarm",
                alarms.targetGroupMetric(green, "UnHealthyHostCount", "Maximum"),
                1,
                "Unhealthy tasks in the green target group"));
        created.add(alarms.alarm(
                "LatencyAlarm",
                loadBalancer
                        .getMetrics()
                        .targetResponseTime(MetricOptions.builder()
                                .period(Shared.seconds(BlueGreenService.ALARM_PERIOD_SECONDS))
                                .statistic(BlueGreenService.LATENCY_STATISTIC)
                                .build()),
                latency.isUnresolved()
                        ? latency.toSeconds()
                        : latency.toMilliseconds().doubleValue() / 1000.0,
                BlueGreenService.LATENCY_STATISTIC + " target response time of the load balancer, in seconds"));
        if (topic != null) {
            AlarmTopics.allowAlarms(owner, topic);
            for (Alarm a : created) {
                a.addAlarmAction(new SnsAction(topic));
                a.addOkAction(new SnsAction(topic));
            }
        }
        return new ArrayList<>(created);
    }

    /**
     * A target-group metric of this load balancer. Built by hand because the green target group carries no traffic
     * (CodeDeploy: attached to no listener; ECS-native: weight 0) until a deployment shifts traffic to it, and the L2
     * metric helpers need an attached load balancer.
     */
    private Metric targetGroupMetric(
            final ApplicationTargetGroup targetGroup, final String name, final String statistic) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("LoadBalancer", loadBalancer.getLoadBalancerFullName());
        dimensions.put("TargetGroup", targetGroup.getTargetGroupFullName());
        return Metric.Builder.create()
                .namespace("AWS/ApplicationELB")
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(Shared.seconds(BlueGreenService.ALARM_PERIOD_SECONDS))
                .build();
    }

    private Alarm alarm(final String id, final Metric metric, final Number threshold, final String what) {
        return Alarm.Builder.create(owner, id)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(BlueGreenService.ALARM_EVALUATION_PERIODS)
                .datapointsToAlarm(BlueGreenService.ALARM_DATAPOINTS)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(what + " of " + serviceName + " reached the rollback threshold: " + rollbackBy
                        + " rolls back a deployment in progress")
                .build();
    }
}
