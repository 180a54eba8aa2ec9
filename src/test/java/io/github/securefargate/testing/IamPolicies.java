package io.github.securefargate.testing;

import java.util.Map;

/**
 * The {@code hasResourceProperties} shape of an {@code AWS::IAM::Policy}, which many tests match: its statements, and
 * the roles it is attached to. The caller's matcher decides how strictly ({@code Match.arrayWith} for "among them",
 * a list for "exactly these").
 */
public final class IamPolicies {
    /** The CloudFormation type of an identity policy. */
    public static final String TYPE = "AWS::IAM::Policy";

    private IamPolicies() {}

    /** @return the properties of a policy whose {@code Statement} matches {@code statements} */
    public static Map<String, Object> withStatements(final Object statements) {
        return Map.of("PolicyDocument", Map.of("Statement", statements));
    }

    /** @return the properties of a policy whose {@code Statement} matches {@code statements}, on roles {@code roles} */
    public static Map<String, Object> withStatements(final Object statements, final Object roles) {
        return Map.of("PolicyDocument", Map.of("Statement", statements), "Roles", roles);
    }
}
