package io.github.securefargate.examples;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.constructs.Construct;

/**
 * Keys and names of the examples' own stateful resources (the library's constructs make their own): rotated,
 * retained, single-Region symmetric keys, and names unique per stack instance for retained resources that must be
 * named.
 */
final class ExampleKeys {
    private ExampleKeys() {}

    /** A retained, rotated, single-Region symmetric key with a 30-day deletion window. */
    static Key key(final Construct scope, final String id, final String description) {
        return Key.Builder.create(scope, id)
                .description(description)
                .enableKeyRotation(true)
                .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .multiRegion(false)
                .pendingWindow(Duration.days(30))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * A key like {@link #key} that CloudWatch Logs of the stack's Region may use for log groups of its account
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
     */
    static Key logsKey(final Construct scope, final String id, final String description) {
        Key key = key(scope, id, description);
        Stack stack = Stack.of(scope);
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchLogsForThisAccount")
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of(
                        "kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "ArnLike",
                        Map.of(
                                "kms:EncryptionContext:aws:logs:arn",
                                "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount()
                                        + ":log-group:*")))
                .build());
        return key;
    }

    /**
     * {@code prefix} and the unique part of the CloudFormation stack id: a retained resource named this way does not
     * collide with the copy a `cdk destroy` kept when the stack is deployed again.
     */
    static String perStackInstance(final String prefix) {
        return Fn.join("", List.of(prefix, Fn.select(2, Fn.split("/", Aws.STACK_ID))));
    }
}
