package io.github.securefargate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.securefargate.testing.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.AddToResourcePolicyResult;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;

/** {@link ResourcePolicies} answers as the typed {@code addToResourcePolicy} does and adds the same statement. */
class ResourcePoliciesTest {
    private static PolicyStatement statement(final String sid, final String resource) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .principals(List.of(Shared.service("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(resource))
                .build();
    }

    @Test
    void answersStatementAddedAsTheTypedCallDoesForOwnedAndImportedResources() {
        Stack stack = TestApps.stack();
        Topic owned = Topic.Builder.create(stack, "Owned").build();
        ITopic imported = Topic.fromTopicArn(stack, "Imported", "arn:aws:sns:eu-west-1:111111111111:other");
        IKey importedKey = Key.fromKeyArn(
                stack, "ImportedKey", "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555");
        Key ownedKey = Key.Builder.create(stack, "OwnedKey").build();

        Map<Object, Boolean> expected = Map.of(owned, true, imported, false, ownedKey, true, importedKey, false);
        for (Map.Entry<Object, Boolean> e : expected.entrySet()) {
            Object target = e.getKey();
            AddToResourcePolicyResult typed = target instanceof ITopic
                    ? ((ITopic) target).addToResourcePolicy(statement("Typed", "*"))
                    : ((IKey) target).addToResourcePolicy(statement("Typed", "*"), true);
            boolean raw = target instanceof ITopic
                    ? ResourcePolicies.added(target, statement("Raw", "*"))
                    : ResourcePolicies.added(target, statement("Raw", "*"), true);
            assertThat(raw).as("statementAdded for %s", target).isEqualTo(typed.getStatementAdded());
            assertThat(raw).as("statementAdded for %s", target).isEqualTo(e.getValue());
        }
    }

    /** @return the template of a bucket, key and topic whose policies get one statement each, typed or raw */
    private static Map<String, Object> withStatements(final boolean typed) {
        Stack stack = TestApps.stack();
        Bucket bucket = Bucket.Builder.create(stack, "Bucket").build();
        Key key = Key.Builder.create(stack, "Key").build();
        Topic topic = Topic.Builder.create(stack, "Topic").build();
        PolicyStatement onObjects = statement("Delivery", bucket.arnForObjects("*"));
        if (typed) {
            bucket.addToResourcePolicy(onObjects);
            key.addToResourcePolicy(statement("KeyUse", "*"), false);
            topic.addToResourcePolicy(statement("Publish", topic.getTopicArn()));
        } else {
            ResourcePolicies.add(bucket, onObjects);
            ResourcePolicies.add(key, statement("KeyUse", "*"), false);
            ResourcePolicies.add(topic, statement("Publish", topic.getTopicArn()));
        }
        return Template.fromStack(stack).toJSON();
    }

    @Test
    void addsTheSameStatementsAsTheTypedCall() {
        Map<String, Object> raw = withStatements(false);

        assertThat(raw).isEqualTo(withStatements(true));
        assertThat(raw.toString()).contains("Delivery", "KeyUse", "Publish");
    }
}
