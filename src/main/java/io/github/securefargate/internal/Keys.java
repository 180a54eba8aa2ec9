package io.github.securefargate.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.CfnKey;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.constructs.Construct;

/**
 * Creates the customer-managed keys the library owns: single-Region, symmetric, rotated yearly, retained on delete
 * and on replacement, with a 30-day deletion window.
 *
 * <p>Not part of the public API.
 */
public final class Keys {
    /** Days KMS waits before deleting a key scheduled for deletion. */
    public static final int PENDING_WINDOW_DAYS = 30;

    /** KMS actions CloudWatch Logs needs on the key of an encrypted log group. */
    public static final List<String> LOGS_KEY_ACTIONS =
            List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*");

    private Keys() {}

    /**
     * Creates a key like {@link #create(Construct, String, String, List)} whose policy also lets CloudWatch Logs of
     * this stack's Region use it for log groups of this account (encryption context condition).
     */
    public static Key createForLogs(final Construct scope, final String id, final String description) {
        return create(scope, id, description, List.of(logsStatement(Env.stack(scope))));
    }

    /**
     * The key-policy statement that lets CloudWatch Logs of {@code stack}'s Region use a key for log groups of its
     * account (encryption context condition). Without it, creating a log group encrypted with the key fails
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
     */
    public static PolicyStatement logsStatement(final Stack stack) {
        return PolicyStatement.Builder.create()
                .sid("AllowCloudWatchLogsForThisAccount")
                .principals(List.of(Shared.service("logs." + Env.region(stack) + ".amazonaws.com")))
                .actions(LOGS_KEY_ACTIONS)
                .resources(List.of("*"))
                .conditions(Map.of(
                        "ArnLike",
                        Map.of("kms:EncryptionContext:aws:logs:arn", Env.arn(stack, "logs", "log-group", ":", "*"))))
                .build();
    }

    /** @return true when {@code key} is defined in this app (its policy can be edited here), false when imported */
    public static boolean isOwned(final IKey key) {
        return key.getNode().getDefaultChild() instanceof CfnKey;
    }

    /** Creates a retained, rotated, single-Region symmetric key. */
    public static Key create(final Construct scope, final String id, final String description) {
        return create(scope, id, description, List.of());
    }

    /**
     * Creates a key like {@link #create(Construct, String, String)} whose policy holds, after the account root
     * statement (root, {@code kms:*}, {@code *}: the one aws-cdk-lib's {@code Key} adds when it is given no policy),
     * {@code statements}. The policy is passed whole at creation, so aws-cdk-lib adds no statement of its own: the same
     * template as adding each statement to the key afterwards, without a call per statement.
     */
    public static Key create(
            final Construct scope, final String id, final String description, final List<PolicyStatement> statements) {
        Key.Builder key = Key.Builder.create(scope, id);
        if (!statements.isEmpty()) {
            List<PolicyStatement> all = new ArrayList<>(statements.size() + 1);
            all.add(PolicyStatement.Builder.create()
                    .resources(List.of("*"))
                    .actions(List.of("kms:*"))
                    .principals(List.of(Shared.accountRoot()))
                    .build());
            all.addAll(statements);
            key.policy(PolicyDocument.Builder.create().statements(all).build());
        }
        return key.description(description)
                .enableKeyRotation(true)
                .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .multiRegion(false)
                .pendingWindow(Shared.days(PENDING_WINDOW_DAYS))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }
}
