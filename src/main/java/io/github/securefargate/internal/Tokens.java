package io.github.securefargate.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;

/**
 * Recognizes CDK tokens in Java where their encoding allows it, without a call across the jsii bridge.
 *
 * <p>aws-cdk-lib encodes a token in a string as {@code ${Token[<key>]}}, in a list as the single element
 * {@code #{Token[<key>]}}, and in a number as a double whose top 16 bits are {@code 0xFBFF} (a NaN-range pattern no
 * literal number has). {@code Token.isUnresolved} tests exactly these encodings for strings, numbers and lists
 * (aws-cdk-lib 2.263 {@code core/lib/private/encoding.js}, {@code unresolved()}); this class repeats those tests in
 * Java and asks the bridge only for other objects (an {@code IResolvable}, a {@code Duration}). The test
 * {@code TokensTest} holds the two to the same answers. It also reads fields of resolved L1 values, in either case
 * ({@link #field}), and answers {@code Stack.resolve} in Java where the value needs no resolving ({@link #resolve}).
 *
 * <p>Not part of the public API.
 */
public final class Tokens {
    /** What every encoded token contains, except a number token in a string. */
    static final String ANY_TOKEN_MARKER = "Token[";
    /** What a number token in a string ({@code -1.888...e+289}) contains. */
    private static final String NUMBER_TOKEN_MARKER = "e+289";

    private static final String KEY = "[a-zA-Z0-9:._-]+";
    private static final Pattern STRING_TOKEN =
            Pattern.compile("\\$\\{Token\\[" + KEY + "\\]\\}|-1\\.\\d{10,16}e\\+289");
    private static final Pattern LIST_TOKEN = Pattern.compile("#\\{Token\\[" + KEY + "\\]\\}");
    /** Top 16 bits of an encoded number token. */
    private static final long DOUBLE_TOKEN_MARKER = 0xFBFFL;

    private Tokens() {}

    /** @return true when {@code value} is (or contains, for a string) an unresolved CDK token */
    public static boolean isUnresolved(final Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof String) {
            String s = (String) value;
            return s.contains(ANY_TOKEN_MARKER) && STRING_TOKEN.matcher(s).find();
        }
        if (value instanceof Double || value instanceof Float) {
            return (Double.doubleToRawLongBits(((Number) value).doubleValue()) >>> 48) == DOUBLE_TOKEN_MARKER;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return false;
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            return list.size() == 1
                    && list.get(0) instanceof String
                    && LIST_TOKEN.matcher((String) list.get(0)).find();
        }
        return Token.isUnresolved(value);
    }

    /**
     * {@code stack.resolve(value)} without the round trip when the answer is known in Java: null, a boolean and a string
     * without {@code Token[} or {@code e+289} in it resolve to themselves (aws-cdk-lib 2.263
     * {@code core/lib/private/resolve.js} returns such strings unchanged). Anything else goes to the bridge: a string
     * with a list token in it makes {@code resolve} fail, and must still fail; a number comes back as the bridge's
     * type ({@code Integer} for {@code 65535L}).
     *
     * @param stack the stack whose resolution applies
     * @param value what to resolve
     * @return the resolved value
     */
    public static Object resolve(final Stack stack, final Object value) {
        if (value == null || value instanceof Boolean) {
            return value;
        }
        if (value instanceof String
                && !((String) value).contains(ANY_TOKEN_MARKER)
                && !((String) value).contains(NUMBER_TOKEN_MARKER)) {
            return value;
        }
        return stack.resolve(value);
    }

    /**
     * @return a property of a resolved L1 value ({@code Stack.resolve}), which is CloudFormation-cased ({@code Memory})
     *         or, for a struct given to the L1 construct, camel-cased ({@code memory}); null when absent or not a map
     */
    public static Object field(final Object resolved, final String name) {
        if (!(resolved instanceof Map)) {
            return null;
        }
        Map<?, ?> map = (Map<?, ?>) resolved;
        Object value = map.get(name);
        return value != null ? value : map.get(Character.toLowerCase(name.charAt(0)) + name.substring(1));
    }
}
