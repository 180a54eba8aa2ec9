package io.github.securefargate.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The statement every resource policy of the library carries: deny any request not made over TLS
 * ({@code aws:SecureTransport} false). One assertion of that statement for the bucket, topic, cluster and toolchain
 * tests; a test that holds a whole policy to its exact statements (the file system's) writes the statement out.
 */
public final class TlsOnly {
    private TlsOnly() {}

    /**
     * Fails unless a resource of {@code policyType} (e.g. {@code AWS::S3::BucketPolicy}) has, in its
     * {@code PolicyDocument}, a Deny statement with the {@code aws:SecureTransport} false condition and the fields of
     * {@code more} (e.g. its {@code Action}).
     */
    public static void assertDenied(final Template template, final String policyType, final Map<String, Object> more) {
        Map<String, Object> statement = new LinkedHashMap<>(more);
        statement.put("Effect", "Deny");
        statement.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        template.hasResourceProperties(
                policyType,
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(statement))))))));
    }

    /** As {@link #assertDenied(Template, String, Map)}, with no further fields. */
    public static void assertDenied(final Template template, final String policyType) {
        assertDenied(template, policyType, Map.of());
    }
}
