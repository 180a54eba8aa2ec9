package io.github.securefargate.internal;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.jsii.JsiiEngine;
import software.amazon.jsii.JsiiObjectRef;
import software.amazon.jsii.Kernel;
import software.amazon.jsii.NativeType;

/**
 * Adds a statement to a resource policy ({@code addToResourcePolicy} of a key, topic or bucket) without reading more
 * of the answer than the caller needs.
 *
 * <p>The typed call ({@code key.addToResourcePolicy(statement)}) returns an {@code AddToResourcePolicyResult}, a struct
 * that JavaScript hands back by reference; the jsii runtime reads both of its fields across the bridge, and makes a
 * Java object of {@code policyDependable}, which costs one more round trip (a name lookup). These calls make the
 * same JavaScript call (so the template is the same) with the answer as JSON, and read at most {@code statementAdded}.
 *
 * <p>Not part of the public API.
 */
public final class ResourcePolicies {
    /** The key of an object reference in the runtime's JSON. */
    private static final String REF = "$jsii.byref";

    private ResourcePolicies() {}

    /**
     * {@code target.addToResourcePolicy(statement, extra...)}, its answer not read.
     *
     * @param target a key, topic, bucket or other resource with a resource policy
     * @param statement the statement
     * @param extra further arguments of the target's method ({@code allowNoOp} of a key)
     */
    public static void add(final Object target, final PolicyStatement statement, final Object... extra) {
        call(target, statement, extra);
    }

    /**
     * {@code target.addToResourcePolicy(statement, extra...).getStatementAdded()}, reading only that field.
     *
     * @param target a key, topic, bucket or other resource with a resource policy
     * @param statement the statement
     * @param extra further arguments of the target's method ({@code allowNoOp} of a key)
     * @return whether the statement was added (false for an imported resource whose policy this app cannot edit)
     */
    public static boolean added(final Object target, final PolicyStatement statement, final Object... extra) {
        JsonNode result = call(target, statement, extra);
        if (result == null || !result.has(REF)) {
            throw new IllegalStateException(
                    "addToResourcePolicy answered " + result + ", not a reference to an AddToResourcePolicyResult");
        }
        // A struct JavaScript made: its Java object is a plain JsiiObject, which costs no name lookup.
        Object struct = JsiiEngine.getInstance().nativeFromObjRef(JsiiObjectRef.parse(result));
        return Boolean.TRUE.equals(Kernel.get(struct, "statementAdded", NativeType.forClass(Boolean.class)));
    }

    private static JsonNode call(final Object target, final PolicyStatement statement, final Object... extra) {
        Object[] args = new Object[extra.length + 1];
        args[0] = statement;
        System.arraycopy(extra, 0, args, 1, extra.length);
        return Kernel.call(target, "addToResourcePolicy", NativeType.forClass(JsonNode.class), args);
    }
}
