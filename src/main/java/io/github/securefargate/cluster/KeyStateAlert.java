package io.github.securefargate.cluster;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Shared;
import io.github.securefargate.notifications.EncryptedTopic;
import io.github.securefargate.notifications.EncryptedTopicProps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Alerts when the Fargate ephemeral-storage key of an ECS cluster is disabled or scheduled for deletion: new tasks of
 * the cluster cannot start after either.
 *
 * <p>{@link EncryptedCluster} creates this alert itself when the key is in the cluster's account. When the key is in
 * another account, put this construct in a stack of <em>the key's</em> account and Region: CloudTrail records KMS key
 * events in the key owner's account only, so a rule in the cluster's account would never fire
 * (https://docs.aws.amazon.com/kms/latest/developerguide/logging-using-cloudtrail.html).
 *
 * <pre>{@code
 * KeyStateAlert.Builder.create(keyAccountStack, "ClusterKeyAlert")
 *         .key(sharedKey)
 *         .clusterName("payments")
 *         .alertEmails(List.of("platform-oncall@example.com"))
 *         .build();
 * }</pre>
 */
public class KeyStateAlert extends Construct {
    private final ITopic alertTopic;
    private final Rule rule;

    /**
     * @param scope parent, in a stack of the key's account and Region
     * @param id    construct id
     * @param props properties
     */
    public KeyStateAlert(final Construct scope, final String id, final KeyStateAlertProps props) {
        super(scope, id);
        IKey key = Check.required(this, "key", props.getKey());
        String clusterName = Check.required(this, "clusterName", props.getClusterName());
        Check.alertTopicOrEmails(this, props.getAlertTopic(), props.getAlertEmails());
        this.alertTopic = alertTopic(this, props.getAlertTopic(), props.getAlertEmails());
        this.rule = createRule(this, "Resource", key, clusterName, alertTopic);
    }

    /**
     * The topic key-state alerts go to: {@code given}, or a new {@link EncryptedTopic} {@code AlertTopic} under
     * {@code scope} with {@code alertEmails} subscribed. Shared with {@link EncryptedCluster}.
     */
    static ITopic alertTopic(final Construct scope, final ITopic given, final List<String> alertEmails) {
        return given != null
                ? given
                : new EncryptedTopic(
                                scope,
                                "AlertTopic",
                                EncryptedTopicProps.builder()
                                        .alertEmails(alertEmails)
                                        .displayName("ECS cluster key alerts")
                                        .build())
                        .getTopic();
    }

    /**
     * The EventBridge rule on the key's DisableKey and ScheduleKeyDeletion CloudTrail events, targeting {@code topic}.
     * Shared with {@link EncryptedCluster}, which creates it under its own id.
     */
    static Rule createRule(
            final Construct scope, final String id, final IKey key, final String clusterName, final ITopic topic) {
        Map<String, Object> byKeyId =
                Map.of("requestParameters", Map.of("keyId", List.of(key.getKeyId(), key.getKeyArn())));
        Map<String, Object> byResource = Map.of("resources", Map.of("ARN", List.of(key.getKeyArn())));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("eventSource", List.of("kms.amazonaws.com"));
        detail.put("eventName", EncryptedCluster.KEY_STATE_EVENTS);
        detail.put("$or", List.of(byKeyId, byResource));
        return Rule.Builder.create(scope, id)
                .description("Alerts when the Fargate ephemeral-storage key of ECS cluster " + clusterName
                        + " is disabled or scheduled for deletion")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.kms"))
                        .detailType(List.of("AWS API Call via CloudTrail"))
                        .detail(detail)
                        .build())
                .targets(List.of(SnsTopic.Builder.create(topic)
                        .message(RuleTargetInput.fromText(
                                "The Fargate ephemeral-storage key of ECS cluster " + clusterName
                                        + " was changed by " + Shared.eventField("$.detail.eventName") + " (caller "
                                        + Shared.eventField("$.detail.userIdentity.arn") + ", account "
                                        + Shared.eventField("$.account") + ", Region " + Shared.eventField("$.region")
                                        + "). New Fargate tasks in this cluster cannot start until the key is enabled again "
                                        + "(CancelKeyDeletion, EnableKey)."))
                        .build()))
                .build();
    }

    /** @return the topic that receives the alerts */
    public ITopic getAlertTopic() {
        return alertTopic;
    }

    /** @return the EventBridge rule */
    public Rule getRule() {
        return rule;
    }

    /** Builder in the style of aws-cdk-lib. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final KeyStateAlertProps.Builder props = KeyStateAlertProps.builder();

        private Builder(final Construct scope, final String id) {
            this.scope = scope;
            this.id = id;
        }

        /** @return a builder for an alert with {@code id} under {@code scope} */
        public static Builder create(final Construct scope, final String id) {
            return new Builder(scope, id);
        }

        /** @see KeyStateAlertProps#getKey() */
        public Builder key(final IKey key) {
            props.key(key);
            return this;
        }

        /** @see KeyStateAlertProps#getClusterName() */
        public Builder clusterName(final String clusterName) {
            props.clusterName(clusterName);
            return this;
        }

        /** @see KeyStateAlertProps#getAlertTopic() */
        public Builder alertTopic(final ITopic alertTopic) {
            props.alertTopic(alertTopic);
            return this;
        }

        /** @see KeyStateAlertProps#getAlertEmails() */
        public Builder alertEmails(final List<String> alertEmails) {
            props.alertEmails(alertEmails);
            return this;
        }

        /** @return the alert */
        public KeyStateAlert build() {
            return new KeyStateAlert(scope, id, props.build());
        }
    }
}
