package io.github.securefargate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

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
        Key ownedKey = Key.Builder.create(stack, "OwnedKey").build();
        IKey importedKey = importedKey(stack);

        for (ITopic topic : List.of(owned, imported)) {
            AddToResourcePolicyResult typed = topic.addToResourcePolicy(statement("Typed", "*"));
            assertThat(ResourcePolicies.added(topic, statement("Raw", "*")))
                    .as("statementAdded for %s", topic)
                    .isEqualTo(typed.getStatementAdded())
                    .isEqualTo(topic == owned);
        }
        for (IKey key : List.of(ownedKey, importedKey)) {
            AddToResourcePolicyResult typed = key.addToResourcePolicy(statement("Typed", "*"), true);
            assertThat(ResourcePolicies.added(key, statement("Raw", "*"), true))
                    .as("statementAdded for %s", key)
                    .isEqualTo(typed.getStatementAdded())
                    .isEqualTo(key == ownedKey);
        }
    }

    @Test
    void passesAllowNoOpFalseSoThatAnImportedKeyFailsAsWithTheTypedCall() {
        Stack stack = TestApps.stack();
        IKey key = importedKey(stack);

        Throwable typed = catchThrowable(() -> key.addToResourcePolicy(statement("Typed", "*"), false));
        Throwable raw = catchThrowable(() -> ResourcePolicies.add(key, statement("Raw", "*"), false));
        assertThat(typed).isNotNull();
        assertThat(raw).isNotNull().hasMessageContaining("Unable to add statement to IAM resource policy for KMS key");
        assertThat(raw.getMessage())
                .startsWith(typed.getMessage().lines().findFirst().orElseThrow());
    }

    @Test
    void refusesANullStatementAsTheTypedCallDoes() {
        Key key = Key.Builder.create(TestApps.stack(), "Key").build();

        assertThatThrownBy(() -> ResourcePolicies.add(key, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("statement is required");
    }

    private static IKey importedKey(final Stack stack) {
        return Key.fromKeyArn(
                stack, "ImportedKey", "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555");
    }

    /** @return the template of a bucket, key and topic whose policies get one statement each, typed or raw */
    private static Map<String, Object> withStatements(final boolean typed) {
        Stack stack = TestApps.stack();
        Bucket bucket = Bucket.Builder.create(stack, "Bucket").build();
        Key key = Key.Builder.create(stack, "Key").build();
        Key logKey = Key.Builder.create(stack, "LogKey").build();
        Topic topic = Topic.Builder.create(stack, "Topic").build();
        PolicyStatement onObjects = statement("Delivery", bucket.arnForObjects("*"));
        if (typed) {
            bucket.addToResourcePolicy(onObjects);
            key.addToResourcePolicy(statement("KeyUse", "*"), false);
            logKey.addToResourcePolicy(statement("LogUse", "*"));
            topic.addToResourcePolicy(statement("Publish", topic.getTopicArn()));
        } else {
            ResourcePolicies.add(bucket, onObjects);
            ResourcePolicies.add(key, statement("KeyUse", "*"), false);
            ResourcePolicies.add(logKey, statement("LogUse", "*"));
            ResourcePolicies.added(topic, statement("Publish", topic.getTopicArn()));
        }
        return Template.fromStack(stack).toJSON();
    }

    @Test
    void addsTheSameStatementsAsTheTypedCall() {
        Map<String, Object> raw = withStatements(false);

        assertThat(raw).isEqualTo(withStatements(true));
        assertThat(raw.toString()).contains("Delivery", "KeyUse", "LogUse", "Publish");
    }
}
