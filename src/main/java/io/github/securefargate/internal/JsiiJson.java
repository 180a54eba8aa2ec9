package io.github.securefargate.internal;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.jsii.JsiiEngine;
import software.amazon.jsii.JsiiObjectRef;
import software.amazon.jsii.Kernel;
import software.amazon.jsii.NativeType;

/**
 * Calls across the jsii bridge whose answer Java takes as JSON, and Java objects made only for the references it
 * wants: what {@link ConstructTree} and {@link ResourcePolicies} save round trips with. These are the jsii runtime's
 * public but {@code @Internal} entry points ({@code Kernel.call} with a {@code JsonNode} answer, which the runtime's
 * object mapper hands back untouched, {@code Kernel.get} and {@code JsiiEngine.nativeFromObjRef}), so this is the one
 * file to check when the jsii runtime is upgraded.
 *
 * <p>Not part of the public API.
 */
final class JsiiJson {
    /** The key of an object reference in the runtime's JSON: {@code {"$jsii.byref": "<jsii class>@<id>"}}. */
    static final String REF = "$jsii.byref";

    private JsiiJson() {}

    /** @return {@code receiver.method(args)}'s answer as the kernel sent it */
    static JsonNode call(final Object receiver, final String method, final Object... args) {
        return Kernel.call(receiver, method, NativeType.forClass(JsonNode.class), args);
    }

    /** @return whether {@code node} is an object reference */
    static boolean isRef(final JsonNode node) {
        return node != null && node.path(REF).isTextual();
    }

    /** @return property {@code property} of {@code receiver}, read across the bridge */
    static <T> T get(final Object receiver, final String property, final Class<T> type) {
        return Kernel.get(receiver, property, NativeType.forClass(type));
    }

    /**
     * @return the Java object of reference {@code ref}: the one the runtime already holds, else a new proxy of the
     *     class the reference names (a round trip for the module's names, unless that class is {@code Object})
     */
    static Object object(final JsonNode ref) {
        return JsiiEngine.getInstance().nativeFromObjRef(JsiiObjectRef.parse(ref));
    }
}
