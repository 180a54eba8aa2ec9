package io.github.securefargate.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Writes cdk-nag suppressions as template metadata, in the format cdk-nag 2.x reads ({@code cdk_nag.rules_to_suppress}),
 * without a compile-time dependency on cdk-nag. Every suppression in the library and its examples goes through here,
 * so a move to another rule engine or format is local to this class.
 *
 * <p>Not part of the public API.
 */
public final class Nag {
    /** Metadata key cdk-nag reads. */
    public static final String METADATA_KEY = "cdk_nag";
    /** Entry list inside the metadata. */
    public static final String RULES_KEY = "rules_to_suppress";
    /** cdk-nag rejects shorter reasons. */
    private static final int MIN_REASON_LENGTH = 10;

    /** The three packs' rule that flags role-scoped (inline) IAM policies, which every CDK grant creates. */
    private static final String[] INLINE_POLICY_RULES = {
        "NIST.800.53.R5-IAMNoInlinePolicy", "HIPAA.Security-IAMNoInlinePolicy", "PCI.DSS.321-IAMNoInlinePolicy"
    };

    private Nag() {}

    /**
     * Suppresses {@code ruleIds} on the CloudFormation resource of {@code construct} (its default child, or itself).
     *
     * @param construct construct whose resource is suppressed
     * @param reason    why the finding does not apply; specific to the resource
     * @param appliesTo findings the suppression is limited to (e.g. {@code Resource::*}; {@code /regex/} for a
     *                  pattern), or null for all
     * @param ruleIds   rule ids such as {@code AwsSolutions-IAM5}
     */
    public static void suppress(
            final IConstruct construct, final String reason, final List<String> appliesTo, final String... ruleIds) {
        suppress(construct, rule(reason, appliesTo, ruleIds));
    }

    /**
     * One suppression: why, the findings it is limited to (null for all) and the rule ids.
     *
     * @param reason    why the finding does not apply; specific to the resource
     * @param appliesTo findings the suppression is limited to, or null for all
     * @param ruleIds   rule ids
     */
    public record Rule(String reason, List<String> appliesTo, String... ruleIds) {}

    /**
     * @return the suppression of the three packs' inline-policy rule (all findings), for a role-scoped policy;
     *     {@code reason} says whose policy it is
     */
    public static Rule inlinePolicy(final String reason) {
        return rule(reason, null, INLINE_POLICY_RULES);
    }

    /** @return a suppression for {@link #suppress(IConstruct, Rule...)} */
    public static Rule rule(final String reason, final List<String> appliesTo, final String... ruleIds) {
        return new Rule(reason, appliesTo, ruleIds);
    }

    /**
     * Suppresses every rule of {@code rules} on the CloudFormation resource of {@code construct}, with one read and
     * one write of its metadata (each is a jsii round trip); no write when the resource has every rule already.
     */
    public static void suppress(final IConstruct construct, final Rule... rules) {
        IConstruct target = resourceOf(construct);
        if (!(target instanceof CfnResource)) {
            List<String> ids = new ArrayList<>();
            for (Rule r : rules) {
                ids.addAll(List.of(r.ruleIds()));
            }
            throw new IllegalStateException(Check.path(construct) + " has no CloudFormation resource to suppress "
                    + String.join(", ", ids) + " on");
        }
        CfnResource resource = (CfnResource) target;
        Object existing = resource.getMetadata(METADATA_KEY);
        Map<String, Object> metadata = null;
        for (Rule r : rules) {
            metadata = merge(metadata != null ? metadata : existing, r.reason(), r.appliesTo(), r.ruleIds());
        }
        if (metadata != null && !metadata.get(RULES_KEY).equals(rulesOf(existing))) {
            resource.addMetadata(METADATA_KEY, metadata);
        }
    }

    /** @return the rule list of cdk-nag metadata, or null when there is none */
    @SuppressWarnings("unchecked")
    private static Object rulesOf(final Object metadata) {
        return metadata instanceof Map ? ((Map<String, Object>) metadata).get(RULES_KEY) : null;
    }

    /** Suppresses {@code ruleIds} for a whole stack (template metadata). Use only for stack-wide facts. */
    @SuppressWarnings("unchecked")
    public static void suppressStack(final Stack stack, final String reason, final String... ruleIds) {
        Map<String, Object> metadata = stack.getTemplateOptions().getMetadata() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(stack.getTemplateOptions().getMetadata());
        metadata.put(METADATA_KEY, merge(metadata.get(METADATA_KEY), reason, null, ruleIds));
        stack.getTemplateOptions().setMetadata(metadata);
    }

    /** @return the default child of {@code construct}, or the construct itself (one round trip, not four) */
    private static IConstruct resourceOf(final IConstruct construct) {
        if (construct instanceof CfnResource) {
            return construct;
        }
        IConstruct child = construct.getNode().getDefaultChild();
        return child != null ? child : construct;
    }

    /**
     * @return whether {@code rules} already suppress {@code id} for every finding, or for exactly {@code appliesTo}
     */
    @SuppressWarnings("unchecked")
    private static boolean covered(final List<Object> rules, final String id, final List<String> appliesTo) {
        for (Object r : rules) {
            if (r instanceof Map && id.equals(((Map<String, Object>) r).get("id"))) {
                Object given = ((Map<String, Object>) r).get("applies_to");
                if (given == null || (appliesTo != null && given.equals(findings(appliesTo)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return {@code appliesTo} as cdk-nag reads it: "/.../" marks a regular expression ({@code {regex: ...}}) */
    private static List<Object> findings(final List<String> appliesTo) {
        List<Object> findings = new ArrayList<>();
        for (String finding : appliesTo) {
            findings.add(
                    finding.length() > 2 && finding.startsWith("/") && finding.endsWith("/")
                            ? Map.of("regex", finding)
                            : finding);
        }
        return findings;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(
            final Object existing, final String reason, final List<String> appliesTo, final String... ruleIds) {
        if (reason == null || reason.length() < MIN_REASON_LENGTH) {
            throw new IllegalArgumentException("A cdk-nag suppression needs a specific reason, got '" + reason + "'");
        }
        List<Object> rules = new ArrayList<>();
        if (existing instanceof Map && ((Map<String, Object>) existing).get(RULES_KEY) instanceof List) {
            rules.addAll((List<Object>) ((Map<String, Object>) existing).get(RULES_KEY));
        }
        for (String id : ruleIds) {
            if (covered(rules, id, appliesTo)) {
                continue; // already suppressed (for every finding, or for these): a second entry would only repeat it
            }
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", id);
            rule.put("reason", reason);
            if (appliesTo != null) {
                rule.put("applies_to", findings(appliesTo));
            }
            rules.add(rule);
        }
        // Other keys of the metadata (none that cdk-nag writes today) are kept, as when nothing new is suppressed.
        Map<String, Object> result =
                existing instanceof Map ? new LinkedHashMap<>((Map<String, Object>) existing) : new LinkedHashMap<>();
        result.put(RULES_KEY, rules);
        return result;
    }
}
