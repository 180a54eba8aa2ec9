package io.github.securefargate.pipeline;

import io.github.securefargate.internal.ConstructTree;
import io.github.securefargate.internal.Env;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.CfnKey;
import software.amazon.awscdk.services.s3.CfnBucketPolicy;
import software.constructs.IConstruct;

/**
 * Rewrites the resource policies of the toolchain's artifact stores so that they name no role that only a stage creates.
 *
 * <p>CodePipeline grants each cross-account action role access to the artifact bucket and key of the action's Region
 * by naming the role in the bucket policy and the key policy. The stage roles ({@code <service>-deploy-<region>},
 * {@code <service>-taskdef-<region>}) are created by the stage's stacks, which the pipeline deploys only after the
 * toolchain stack and its cross-Region support stacks exist; KMS ({@code CreateKey}/{@code PutKeyPolicy}: "The
 * principals in the key policy must exist and be visible to KMS") and S3 ({@code MalformedPolicy: Invalid principal})
 * reject such a policy, so the first deploy of the toolchain would fail.
 *
 * <p>Each such grant becomes a grant to the stage <b>account</b> whose condition {@code ArnEquals aws:PrincipalArn}
 * names the exact role: the same principals get the same actions (least privilege), but an account principal always
 * exists. The IAM guide recommends this for principals that may not exist yet or may be re-created
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html, "IAM role principals";
 * key {@code aws:PrincipalArn}:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn).
 * Cross-account use still needs the role's own policy to allow the action, which {@code BlueGreenService} grants
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html).
 */
final class StageRolePrincipals {
    /** Condition operator AWS recommends for ARN-valued keys. */
    static final String OPERATOR = "ArnEquals";
    /** Condition key that names the calling role. */
    static final String PRINCIPAL_ARN = "aws:PrincipalArn";

    private final Map<String, String> roleAccounts;

    /** @param roleAccounts role ARN (as the toolchain formats it) to the account that owns the role */
    StageRolePrincipals(final Map<String, String> roleAccounts) {
        this.roleAccounts = Map.copyOf(roleAccounts);
    }

    /** Rewrites the bucket policy and key policy of every bucket and key under {@code scope}. */
    void applyTo(final IConstruct scope) {
        for (IConstruct c : ConstructTree.candidates(scope, CfnBucketPolicy.class, CfnKey.class)) {
            if (c instanceof CfnBucketPolicy) {
                CfnBucketPolicy cfn = (CfnBucketPolicy) c;
                Stack stack = Env.stack(cfn);
                Object original = cfn.getPolicyDocument();
                cfn.setPolicyDocument(Lazy.any(() -> rewrite(stack, original)));
            } else if (c instanceof CfnKey) {
                CfnKey cfn = (CfnKey) c;
                Stack stack = Env.stack(cfn);
                Object original = cfn.getKeyPolicy();
                cfn.setKeyPolicy(Lazy.any(() -> rewrite(stack, original)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Object rewrite(final Stack stack, final Object original) {
        Map<Object, String> accountByPrincipal = new LinkedHashMap<>();
        roleAccounts.forEach((arn, account) -> accountByPrincipal.put(stack.resolve(arn), account));
        Map<String, Object> document = new LinkedHashMap<>((Map<String, Object>) stack.resolve(original));
        List<Object> statements = new ArrayList<>();
        for (Object o : asList(document.get("Statement"))) {
            Map<String, Object> statement = (Map<String, Object>) o;
            Object principal = statement.get("Principal");
            if (!(principal instanceof Map)
                    || !((Map<?, ?>) principal).containsKey("AWS")
                    || ((Map<?, ?>) principal).size() != 1) {
                statements.add(statement);
                continue;
            }
            List<Object> kept = new ArrayList<>();
            Map<String, List<Object>> moved = new LinkedHashMap<>();
            for (Object p : asList(((Map<?, ?>) principal).get("AWS"))) {
                String account = accountByPrincipal.get(p);
                if (account == null) {
                    kept.add(p);
                } else {
                    moved.computeIfAbsent(account, a -> new ArrayList<>()).add(p);
                }
            }
            if (moved.isEmpty()) {
                statements.add(statement);
                continue;
            }
            if (!kept.isEmpty()) {
                Map<String, Object> rest = new LinkedHashMap<>(statement);
                rest.put("Principal", Map.of("AWS", kept.size() == 1 ? kept.get(0) : kept));
                statements.add(rest);
            }
            for (Map.Entry<String, List<Object>> e : moved.entrySet()) {
                Map<String, Object> grant = new LinkedHashMap<>(statement);
                grant.put(
                        "Principal",
                        Map.of("AWS", stack.resolve(Env.arn(stack, "iam", "", e.getKey(), "root", "", null))));
                Map<String, Object> condition = statement.get("Condition") instanceof Map
                        ? new LinkedHashMap<>((Map<String, Object>) statement.get("Condition"))
                        : new LinkedHashMap<>();
                Map<String, Object> arnEquals = condition.get(OPERATOR) instanceof Map
                        ? new LinkedHashMap<>((Map<String, Object>) condition.get(OPERATOR))
                        : new LinkedHashMap<>();
                List<Object> roles = e.getValue();
                arnEquals.put(PRINCIPAL_ARN, roles.size() == 1 ? roles.get(0) : roles);
                condition.put(OPERATOR, arnEquals);
                grant.put("Condition", condition);
                statements.add(grant);
            }
        }
        document.put("Statement", statements);
        return document;
    }

    /** @return a policy element that is one value or a list, as a list */
    static List<Object> asList(final Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List ? new ArrayList<>((List<?>) value) : List.of(value);
    }
}
