package io.github.securefargate.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.jsii.JsiiObject;

/**
 * Adds a statement to the resource policy of a key, topic or bucket ({@code addToResourcePolicy}) without reading
 * more of the answer than the caller needs.
 *
 * <p>The typed call returns an {@code AddToResourcePolicyResult}, a struct that JavaScript hands back by reference;
 * the jsii runtime reads both of its fields across the bridge, and the first time it sees a policy it makes a Java
 * object of {@code policyDependable}, one more round trip (a name lookup). For an object of aws-cdk-lib (or a Java
 * subclass of one) these methods make the same JavaScript call, with the answer as JSON, and read at most {@code
 * statementAdded}. A resource implemented in Java alone gets the typed call: it is a Java method, not a JavaScript
 * one.
 *
 * <p>Not part of the public API.
 */
public final class ResourcePolicies {
    private static final String METHOD = "addToResourcePolicy";

    private ResourcePolicies() {}

    /** {@code key.addToResourcePolicy(statement)} (JavaScript's {@code allowNoOp} default: true), answer not read. */
    public static void add(final IKey key, final PolicyStatement statement) {
        if (key instanceof JsiiObject) {
            call(key, statement);
        } else {
            key.addToResourcePolicy(statement);
        }
    }

    /**
     * {@code key.addToResourcePolicy(statement, allowNoOp)}, answer not read; with {@code allowNoOp} false an imported
     * key fails, as the typed call does.
     */
    public static void add(final IKey key, final PolicyStatement statement, final boolean allowNoOp) {
        if (key instanceof JsiiObject) {
            call(key, statement, allowNoOp);
        } else {
            key.addToResourcePolicy(statement, allowNoOp);
        }
    }

    /** {@code bucket.addToResourcePolicy(statement)}, answer not read. */
    public static void add(final IBucket bucket, final PolicyStatement statement) {
        if (bucket instanceof JsiiObject) {
            call(bucket, statement);
        } else {
            bucket.addToResourcePolicy(statement);
        }
    }

    /**
     * @return {@code topic.addToResourcePolicy(statement).getStatementAdded()}, reading only that field: false for an
     *     imported topic, whose policy this app cannot edit
     */
    public static boolean added(final ITopic topic, final PolicyStatement statement) {
        if (topic instanceof JsiiObject) {
            return statementAdded(call(topic, statement));
        }
        return Boolean.TRUE.equals(topic.addToResourcePolicy(statement).getStatementAdded());
    }

    /**
     * @return {@code key.addToResourcePolicy(statement, allowNoOp).getStatementAdded()}, reading only that field: false
     *     for an imported key when {@code allowNoOp} is true (with false, an imported key fails)
     */
    public static boolean added(final IKey key, final PolicyStatement statement, final boolean allowNoOp) {
        if (key instanceof JsiiObject) {
            return statementAdded(call(key, statement, allowNoOp));
        }
        return Boolean.TRUE.equals(key.addToResourcePolicy(statement, allowNoOp).getStatementAdded());
    }

    private static JsonNode call(final Object target, final Object... args) {
        Objects.requireNonNull(args[0], "statement is required");
        return JsiiJson.call(target, METHOD, args);
    }

    private static boolean statementAdded(final JsonNode result) {
        if (!JsiiJson.isRef(result)) {
            throw new IllegalStateException(
                    "addToResourcePolicy answered " + result + ", not a reference to an AddToResourcePolicyResult");
        }
        // A struct JavaScript made: its Java object is a plain JsiiObject, which costs no name lookup.
        Object struct = JsiiJson.object(result);
        return Boolean.TRUE.equals(JsiiJson.get(struct, "statementAdded", Boolean.class));
    }
}
