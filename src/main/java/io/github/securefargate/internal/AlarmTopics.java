package io.github.securefargate.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Lets CloudWatch alarms of the topic's account and Region publish to an SNS topic the library wires alarms to.
 *
 * <p>A topic policy ({@code AWS::SNS::TopicPolicy}, which CDK writes for {@code enforceSSL} or for an EventBridge
 * target) <em>replaces</em> SNS's default policy, so CloudWatch may publish only if the policy allows
 * {@code cloudwatch.amazonaws.com}; and for a topic encrypted with a customer-managed key, CloudWatch must also be
 * allowed {@code kms:Decrypt} and {@code kms:GenerateDataKey*} on that key
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services). Both
 * statements are scoped with {@code aws:SourceAccount} and {@code aws:SourceArn} to this account's alarms, as SNS
 * recommends against the confused deputy
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html). Unlike EventBridge delivery, whose
 * KMS requests carry no source keys, CloudWatch's do, so the conditions also work in the key policy.
 *
 * <p>Not part of the public API.
 */
public final class AlarmTopics {
    /** Service principal of CloudWatch alarms. */
    public static final String CLOUDWATCH = "cloudwatch.amazonaws.com";
    /** KMS actions CloudWatch needs on the key of an encrypted topic. */
    public static final List<String> KEY_ACTIONS = List.of("kms:Decrypt", "kms:GenerateDataKey*");
    /** Sid of the topic-policy and key-policy statements. */
    public static final String SID = "AllowCloudWatchAlarmsOfThisAccount";
    /** Warning id when the key of a topic that alarms publish to cannot be edited here. */
    public static final String WARNING_KEY_NOT_EDITABLE = "secure-fargate:alarmTopicKeyNotEditable";

    /** Topics of this app whose topic policy and key policy have the CloudWatch statements. */
    private static final Map<ITopic, Boolean> ALLOWED = Collections.synchronizedMap(new WeakHashMap<>());

    private AlarmTopics() {}

    /**
     * Allows this account's CloudWatch alarms to publish to {@code topic} and to use its key. A topic of this app gets
     * a topic-policy statement; an imported topic is left as it is (its owner manages its policy). A key of this app
     * gets a key-policy statement; an imported key gets a warning on {@code scope} that names the statement to add.
     *
     * @param scope the construct that wires alarms to the topic (for the warning)
     * @param topic the topic
     */
    public static void allowAlarms(final Construct scope, final ITopic topic) {
        if (ALLOWED.containsKey(topic)) {
            return; // both statements are in place already: adding them again changes nothing but costs round trips
        }
        Stack stack = Env.stack(topic);
        Map<String, Object> conditions = sourceConditions(stack);
        boolean added = ResourcePolicies.added(
                topic,
                PolicyStatement.Builder.create()
                        .sid(SID)
                        .principals(List.of(Shared.service(CLOUDWATCH)))
                        .actions(List.of("sns:Publish"))
                        .resources(List.of(topic.getTopicArn()))
                        .conditions(conditions)
                        .build());
        if (!added) {
            return;
        }
        IKey key = topic.getMasterKey();
        if (key == null || allowKey(scope, key, stack)) {
            ALLOWED.put(topic, Boolean.TRUE);
        }
    }

    /**
     * Adds the CloudWatch statement to {@code key}'s policy, or warns on {@code scope} when the key is imported.
     *
     * @param scope the construct to warn on
     * @param key   the key of a topic that alarms publish to
     * @param stack the stack whose account and Region the alarms are in
     * @return true when the key policy has the statement, false when the key is imported (a warning was given)
     */
    public static boolean allowKey(final Construct scope, final IKey key, final Stack stack) {
        boolean keyAdded = ResourcePolicies.added(
                key,
                PolicyStatement.Builder.create()
                        .sid(SID)
                        .principals(List.of(Shared.service(CLOUDWATCH)))
                        .actions(KEY_ACTIONS)
                        .resources(List.of("*"))
                        .conditions(sourceConditions(stack))
                        .build(),
                true);
        if (!keyAdded) {
            Annotations.of(scope)
                    .addWarningV2(
                            WARNING_KEY_NOT_EDITABLE,
                            "CloudWatch alarms publish to a topic "
                                    + "encrypted with the imported key " + key.getKeyArn()
                                    + ", whose policy this app cannot edit. "
                                    + "Add to its key policy: Allow " + CLOUDWATCH + " "
                                    + String.join(", ", KEY_ACTIONS)
                                    + " on * with aws:SourceAccount = " + Check.shown(Env.account(stack), "<account>")
                                    + ", or alarm notifications are dropped.");
            return false;
        }
        return true;
    }

    private static Map<String, Object> sourceConditions(final Stack stack) {
        return Map.of(
                "StringEquals", Map.of("aws:SourceAccount", Env.account(stack)),
                "ArnLike", Map.of("aws:SourceArn", Env.arn(stack, "cloudwatch", "alarm", ":", "*")));
    }
}
