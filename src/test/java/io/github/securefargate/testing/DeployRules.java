package io.github.securefargate.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What AWS will do with a synthesized template, checked on its JSON: who may publish to a topic an alarm notifies,
 * and which retained resources carry a name that a redeploy after {@code cdk destroy} would collide with. Each method
 * returns the violations as readable lines (empty when the template is fine), so a test can assert on all of them.
 */
public final class DeployRules {
    /** Physical-name property of each resource type the library's templates retain; null: the type has none. */
    public static final Map<String, String> PHYSICAL_NAME_PROPERTY = Map.ofEntries(
            Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
            Map.entry("AWS::Backup::BackupVault", "BackupVaultName"),
            Map.entry("AWS::S3::Bucket", "BucketName"),
            Map.entry("AWS::SNS::Topic", "TopicName"),
            Map.entry("AWS::SQS::Queue", "QueueName"),
            Map.entry("AWS::DynamoDB::Table", "TableName"),
            Map.entry("AWS::ECR::Repository", "RepositoryName"),
            Map.entry("AWS::SecretsManager::Secret", "Name"),
            Map.entry("AWS::KMS::Key", ""),
            Map.entry("AWS::EFS::FileSystem", ""));

    private static final String CLOUDWATCH = "cloudwatch.amazonaws.com";
    private static final Set<String> RETAINED = Set.of("Retain", "RetainExceptOnUpdate");

    private DeployRules() {}

    /**
     * Every alarm action of {@code template} that targets a topic of the same template must be allowed: the topic's
     * policy (if it has one: a topic policy replaces SNS's default policy) allows {@code cloudwatch.amazonaws.com} to
     * {@code sns:Publish} with an {@code aws:SourceAccount} condition, and the topic's customer-managed key allows
     * CloudWatch {@code kms:Decrypt} and {@code kms:GenerateDataKey*}.
     *
     * @param name     template name, for the messages
     * @param template the template as JSON
     * @param checked  receives one entry per alarm action checked, so the caller can prove the check was not vacuous
     * @return the violations
     */
    @SuppressWarnings("unchecked")
    public static List<String> alarmTopicViolations(
            final String name, final Map<String, Object> template, final List<String> checked) {
        Map<String, Map<String, Object>> resources = resources(template);
        List<String> violations = new ArrayList<>();
        resources.forEach((alarmId, alarm) -> {
            if (!"AWS::CloudWatch::Alarm".equals(alarm.get("Type"))) {
                return;
            }
            Map<String, Object> props = props(alarm);
            for (String kind : List.of("AlarmActions", "OKActions", "InsufficientDataActions")) {
                for (Object action : (List<Object>) props.getOrDefault(kind, List.of())) {
                    String topicId = refTo(action);
                    if (topicId == null
                            || !resources.containsKey(topicId)
                            || !"AWS::SNS::Topic".equals(resources.get(topicId).get("Type"))) {
                        continue;
                    }
                    checked.add(name + ":" + alarmId + "->" + topicId);
                    String where = name + ": alarm " + alarmId + " " + kind + " -> topic " + topicId;
                    checkTopicPolicy(resources, topicId, where, violations);
                    checkTopicKey(resources, topicId, where, violations);
                }
            }
        });
        return violations;
    }

    private static void checkTopicPolicy(
            final Map<String, Map<String, Object>> resources,
            final String topicId,
            final String where,
            final List<String> violations) {
        List<Map<String, Object>> policies = resources.values().stream()
                .filter(r -> "AWS::SNS::TopicPolicy".equals(r.get("Type")))
                .filter(r -> ((List<?>) props(r).get("Topics")).stream().anyMatch(t -> topicId.equals(refTo(t))))
                .toList();
        if (policies.isEmpty()) {
            return; // SNS's default policy lets this account's services publish
        }
        boolean allowed = policies.stream()
                .flatMap(p -> statements(props(p).get("PolicyDocument")).stream())
                .anyMatch(s -> "Allow".equals(s.get("Effect"))
                        && principalServices(s).contains(CLOUDWATCH)
                        && values(s.get("Action")).stream().anyMatch(a -> a.equals("sns:Publish") || a.equals("sns:*"))
                        && conditionKeys(s).contains("aws:SourceAccount"));
        if (!allowed) {
            violations.add(where + ": the topic policy does not allow " + CLOUDWATCH
                    + " sns:Publish (scoped with aws:SourceAccount)");
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkTopicKey(
            final Map<String, Map<String, Object>> resources,
            final String topicId,
            final String where,
            final List<String> violations) {
        Object keyRef = props(resources.get(topicId)).get("KmsMasterKeyId");
        if (keyRef == null) {
            return;
        }
        String keyId = null;
        if (keyRef instanceof Map && ((Map<String, Object>) keyRef).containsKey("Fn::GetAtt")) {
            keyId = (String) ((List<Object>) ((Map<String, Object>) keyRef).get("Fn::GetAtt")).get(0);
        } else {
            keyId = refTo(keyRef);
        }
        if (keyId == null || !resources.containsKey(keyId)) {
            violations.add(where + ": the topic's key " + keyRef + " is not a key of this template, so nothing "
                    + "shows that CloudWatch may use it (an AWS managed key never lets it)");
            return;
        }
        List<String> needed = new ArrayList<>(List.of("kms:Decrypt", "kms:GenerateDataKey*"));
        statements(props(resources.get(keyId)).get("KeyPolicy")).stream()
                .filter(s ->
                        "Allow".equals(s.get("Effect")) && principalServices(s).contains(CLOUDWATCH))
                .forEach(s ->
                        values(s.get("Action")).forEach(a -> needed.removeIf(n -> n.equals(a) || a.equals("kms:*"))));
        if (!needed.isEmpty()) {
            violations.add(where + ": key " + keyId + " does not allow " + CLOUDWATCH + " " + needed);
        }
    }

    /**
     * No retained resource of {@code template} has a physical name that stays the same across stack instances (a
     * literal, or one built from the stack name): after {@code cdk destroy} keeps it, the next deploy would fail with
     * "already exists". A name that contains {@code AWS::StackId} is unique per stack instance. Retained types not in
     * {@link #PHYSICAL_NAME_PROPERTY} are reported too, so the table cannot silently miss one.
     *
     * @param name        template name, for the messages
     * @param template    the template as JSON
     * @param userGiven   names the user passed on purpose (allowed)
     * @return the violations
     */
    public static List<String> retainedNameViolations(
            final String name, final Map<String, Object> template, final Collection<String> userGiven) {
        List<String> violations = new ArrayList<>();
        resources(template).forEach((id, resource) -> {
            if (!RETAINED.contains(String.valueOf(resource.get("DeletionPolicy")))) {
                return;
            }
            String type = (String) resource.get("Type");
            String property = PHYSICAL_NAME_PROPERTY.get(type);
            if (property == null) {
                violations.add(name + ": retained " + type + " " + id + ": type unknown to this check; add its "
                        + "physical-name property to DeployRules.PHYSICAL_NAME_PROPERTY");
                return;
            }
            Object value = property.isEmpty() ? null : props(resource).get(property);
            if (value == null || userGiven.contains(String.valueOf(value))) {
                return;
            }
            if (!(value instanceof Map) || !String.valueOf(value).contains("AWS::StackId")) {
                violations.add(name + ": retained " + type + " " + id + " has the fixed " + property + " " + value
                        + "; a redeploy after `cdk destroy` collides with the kept copy");
            }
        });
        return violations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(final Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) template.getOrDefault("Resources", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(final Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static String refTo(final Object value) {
        return value instanceof Map && ((Map<String, Object>) value).get("Ref") instanceof String
                ? (String) ((Map<String, Object>) value).get("Ref")
                : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(final Object document) {
        if (!(document instanceof Map)) {
            return List.of();
        }
        Object s = ((Map<String, Object>) document).get("Statement");
        return s instanceof List ? (List<Map<String, Object>>) s : List.of((Map<String, Object>) s);
    }

    @SuppressWarnings("unchecked")
    private static List<String> principalServices(final Map<String, Object> statement) {
        Object principal = statement.get("Principal");
        return principal instanceof Map ? values(((Map<String, Object>) principal).get("Service")) : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<String> conditionKeys(final Map<String, Object> statement) {
        List<String> keys = new ArrayList<>();
        Object conditions = statement.get("Condition");
        if (conditions instanceof Map) {
            ((Map<String, Object>) conditions).values().forEach(op -> keys.addAll(((Map<String, Object>) op).keySet()));
        }
        return keys;
    }

    private static List<String> values(final Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List) {
            return ((List<?>) value).stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
