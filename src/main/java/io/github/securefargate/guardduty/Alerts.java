package io.github.securefargate.guardduty;

import static io.github.securefargate.guardduty.RuntimeMonitoring.ATTACK_SEQUENCE_ECS_CLUSTER;
import static io.github.securefargate.guardduty.RuntimeMonitoring.ATTACK_SEQUENCE_RESOURCE_TYPE;
import static io.github.securefargate.guardduty.RuntimeMonitoring.DETAIL_TYPE_FINDING;
import static io.github.securefargate.guardduty.RuntimeMonitoring.EVENT_SOURCE;

import io.github.securefargate.internal.Env;
import io.github.securefargate.internal.Shared;
import io.github.securefargate.notifications.EncryptedTopic;
import io.github.securefargate.notifications.EncryptedTopicProps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.IConstruct;

/**
 * The alerts of {@link RuntimeMonitoring}: the alert topic, and the EventBridge rules (created in the owner's scope)
 * for the cluster's runtime coverage, its findings and the attack sequences that involve it.
 */
final class Alerts {
    // Maps of more than one key are sorted (TreeMap): Map.of iterates in an order that changes from one JVM to the
    // next, and the template text should not.
    private final RuntimeMonitoring owner;
    private final ICluster cluster;
    private final String clusterName;
    private final @Nullable ITopic alertTopic;

    /** Rules about {@code cluster} notify {@code alertTopic}, which is null when only a findingTarget gets findings. */
    Alerts(
            final RuntimeMonitoring owner,
            final ICluster cluster,
            final String clusterName,
            final @Nullable ITopic alertTopic) {
        this.owner = owner;
        this.cluster = cluster;
        this.clusterName = clusterName;
        this.alertTopic = alertTopic;
    }

    /** @return a new alert topic in the owner's scope with the {@code alertEmails} subscribed */
    static EncryptedTopic createTopic(final RuntimeMonitoring owner, final @Nullable List<String> alertEmails) {
        return new EncryptedTopic(
                owner,
                "AlertTopic",
                EncryptedTopicProps.builder()
                        .alertEmails(alertEmails)
                        .displayName("GuardDuty runtime monitoring")
                        .build());
    }

    /** @return the event pattern of coverage events about this cluster */
    private EventPattern coveragePattern(final String detailType) {
        return events(
                owner,
                detailType,
                Map.of(
                        "resourceDetails",
                        new TreeMap<>(Map.of(
                                "resourceType", List.of("ECS"),
                                "ecsClusterDetails", Map.of("clusterName", List.of(clusterName))))));
    }

    /**
     * @param id         construct id of the rule
     * @param detailType the coverage detail type
     * @param state      what the message says about the coverage
     * @return the rule that notifies the topic of coverage events of that type about this cluster
     */
    Rule coverageRule(final String id, final String detailType, final String state) {
        return rule(
                id,
                "GuardDuty runtime coverage of ECS cluster " + clusterName + ": " + detailType,
                coveragePattern(detailType),
                "GuardDuty Runtime Monitoring coverage of ECS cluster "
                        + Shared.eventField("$.detail.resourceDetails.ecsClusterDetails.clusterName")
                        + " (account " + Shared.eventField("$.account") + ", Region "
                        + Shared.eventField("$.region") + ", agent management "
                        + Shared.eventField("$.detail.resourceDetails.ecsClusterDetails.fargateDetails.managementType")
                        + ") is " + state,
                null);
    }

    /** @return the event pattern of findings about this cluster at or above {@code severity} */
    static EventPattern findingPattern(
            final IConstruct owner, final String clusterName, final Number severity, final boolean withTask) {
        Map<String, Object> clusterDetails = new LinkedHashMap<>();
        clusterDetails.put("name", List.of(clusterName));
        if (withTask) {
            clusterDetails.put("taskDetails", Map.of("arn", List.of(Map.of("exists", true))));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put(
                "resource",
                new TreeMap<>(Map.of("resourceType", List.of("ECSCluster"), "ecsClusterDetails", clusterDetails)));
        detail.put("severity", atLeast(severity));
        return events(owner, DETAIL_TYPE_FINDING, detail);
    }

    /** @return the rule for findings about this cluster, to the topic ({@code toTopic}) and/or {@code extra} */
    Rule findingRule(final boolean toTopic, final @Nullable IRuleTarget extra, final Number severity) {
        return rule(
                "FindingRule",
                "GuardDuty findings about ECS cluster " + clusterName + " with severity >= " + severity,
                findingPattern(owner, clusterName, severity, false),
                !toTopic
                        ? null
                        : "GuardDuty finding " + Shared.eventField("$.detail.type")
                                + " (severity " + Shared.eventField("$.detail.severity") + ") in ECS cluster "
                                + Shared.eventField("$.detail.resource.ecsClusterDetails.name") + ", task "
                                + Shared.eventField("$.detail.resource.ecsClusterDetails.taskDetails.arn") + ": "
                                + Shared.eventField("$.detail.title") + " Finding "
                                + Shared.eventField("$.detail.id")
                                + ", account " + Shared.eventField("$.account") + ", Region "
                                + Shared.eventField("$.region")
                                + ". Investigate in the GuardDuty console; isolate the "
                                + "task rather than stopping it, to keep evidence.",
                extra);
    }

    /**
     * Extended Threat Detection: attack-sequence findings ({@code AttackSequence:ECS/CompromisedCluster}, critical) have
     * {@code resource.resourceType = AttackSequence} and list the affected resources under
     * {@code service.detection.sequence.resources}; this cluster appears there as an {@code ECS_CLUSTER} (name, uid)
     * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-attack-sequence-finding-types.html,
     * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ResourceV2.html). Notified only: isolation acts on
     * findings that name a task, which the signals of a sequence are themselves.
     */
    private EventPattern attackSequencePattern(final Number severity) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("resource", Map.of("resourceType", List.of(ATTACK_SEQUENCE_RESOURCE_TYPE)));
        // The cluster by name or by ARN (the resource's uid): either identifies it.
        detail.put(
                "service",
                Map.of(
                        "detection",
                        Map.of(
                                "sequence",
                                Map.of(
                                        "resources",
                                        new TreeMap<>(Map.of(
                                                "resourceType", List.of(ATTACK_SEQUENCE_ECS_CLUSTER),
                                                "$or",
                                                        List.of(
                                                                Map.of("name", List.of(clusterName)),
                                                                Map.of("uid", List.of(cluster.getClusterArn())))))))));
        detail.put("severity", atLeast(severity));
        return events(owner, DETAIL_TYPE_FINDING, detail);
    }

    /** @return the rule for attack sequences involving this cluster, to the topic and/or {@code extra} */
    Rule attackSequenceRule(final boolean toTopic, final @Nullable IRuleTarget extra, final Number severity) {
        return rule(
                "AttackSequenceRule",
                "GuardDuty attack sequences involving ECS cluster " + clusterName + " with severity >= " + severity,
                attackSequencePattern(severity),
                !toTopic
                        ? null
                        : "GuardDuty attack sequence " + Shared.eventField("$.detail.type")
                                + " (severity " + Shared.eventField("$.detail.severity") + ") involving ECS cluster "
                                + clusterName + ": " + Shared.eventField("$.detail.title") + " Finding "
                                + Shared.eventField("$.detail.id") + ", account " + Shared.eventField("$.account")
                                + ", Region " + Shared.eventField("$.region") + ". Review the sequence's signals and "
                                + "resources in the GuardDuty console; tasks are not isolated automatically for a "
                                + "sequence.",
                extra);
    }

    /**
     * @return a rule in the owner's scope that sends the matching events to the topic with {@code message} (unless
     *         that is null) and then to {@code extra} (unless that is null)
     */
    private Rule rule(
            final String id,
            final String description,
            final EventPattern pattern,
            final @Nullable String message,
            final @Nullable IRuleTarget extra) {
        List<IRuleTarget> targets = new ArrayList<>();
        if (message != null) {
            targets.add(SnsTopic.Builder.create(alertTopic)
                    .message(RuleTargetInput.fromText(message))
                    .build());
        }
        if (extra != null) {
            targets.add(extra);
        }
        // Targets in the props: the rule adds them in order, as addTarget would, without a round trip each.
        return Rule.Builder.create(owner, id)
                .description(description)
                .eventPattern(pattern)
                .targets(targets)
                .build();
    }

    /** @return the pattern of GuardDuty events of {@code detailType} in the owner's account with {@code detail} */
    private static EventPattern events(
            final IConstruct owner, final String detailType, final Map<String, Object> detail) {
        return EventPattern.builder()
                .source(List.of(EVENT_SOURCE))
                .detailType(List.of(detailType))
                .account(List.of(Env.account(owner)))
                .detail(detail)
                .build();
    }

    /** @return the numeric pattern of a severity at or above {@code severity} */
    private static List<Object> atLeast(final Number severity) {
        return List.of(Map.of("numeric", List.of(">=", severity)));
    }
}
