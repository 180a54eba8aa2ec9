package io.github.securefargate.pipeline;

import io.github.securefargate.internal.Check;
import io.github.securefargate.internal.Env;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.pipelines.CodePipeline;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.IConstruct;

/**
 * The self-mutation project's policy of a {@link Toolchain}, narrowed to the stacks self-mutation deploys. CDK
 * Pipelines builds that policy inside the toolchain's own pipeline and offers no option for it, so it is rewritten
 * when it is rendered.
 *
 * <p>Not part of the public API.
 */
final class SelfMutation {
    private static final String BOOTSTRAP_ROLE_TAG = "iam:ResourceTag/aws-cdk:bootstrap-role";
    private static final Set<String> SELF_MUTATION_ACTIONS =
            Set.of("sts:AssumeRole", "cloudformation:DescribeStacks", "s3:ListBucket");

    private SelfMutation() {}

    /**
     * CDK Pipelines lets the self-mutation project assume any role of any account tagged image-publishing,
     * file-publishing or deploy, in any partition, and call cloudformation:DescribeStacks and s3:ListBucket on "*".
     * Self-mutation deploys the pipeline stack and its support stacks, all in the pipeline account, with no container
     * images: narrow it to the file-publishing and deploy bootstrap roles of the pipeline account in the Regions of
     * those stacks, in this partition, the pipeline account's stacks and its bootstrap buckets. A stage account's roles
     * are out of its reach, so a change pushed to the repository cannot deploy to Prod from the UpdatePipeline step,
     * around the manual approval. The document is rewritten when it is rendered, so later grants are kept.
     */
    static void narrow(final Toolchain owner, final CodePipeline pipeline) {
        Stack stack = Env.stack(owner);
        IConstruct policyConstruct =
                pipeline.getSelfMutationProject().getRole().getNode().tryFindChild("DefaultPolicy");
        if (!(policyConstruct instanceof Policy)) {
            throw new IllegalStateException(
                    Check.path(owner) + ": CDK Pipelines' self-mutation role has no " + "DefaultPolicy to narrow");
        }
        Policy policy = (Policy) policyConstruct;
        CfnPolicy cfnPolicy = (CfnPolicy) policy.getNode().getDefaultChild();
        Object original = cfnPolicy.getPolicyDocument();
        String account = Env.account(stack);
        // Self-mutation deploys the pipeline stack and its cross-Region support stacks, all in the pipeline account:
        // the bootstrap roles of that account in those Regions (named cdk-<qualifier>-<kind>-role-<account>-<region>).
        Set<String> regions = new LinkedHashSet<>();
        regions.add(Env.region(stack));
        regions.addAll(pipeline.getPipeline().getCrossRegionSupport().keySet());
        List<String> bootstrapRoles = regions.stream()
                .map(r -> Env.roleArn(stack, account, "cdk-*-" + account + "-" + r))
                .collect(Collectors.toList());
        List<PolicyStatement> narrowed = List.of(
                PolicyStatement.Builder.create()
                        .actions(List.of("sts:AssumeRole"))
                        .resources(bootstrapRoles)
                        .conditions(Map.of(
                                "StringEquals", Map.of(BOOTSTRAP_ROLE_TAG, Toolchain.SELF_MUTATION_BOOTSTRAP_ROLES)))
                        .build(),
                PolicyStatement.Builder.create()
                        .actions(List.of("cloudformation:DescribeStacks"))
                        .resources(List.of(Env.arn(stack, "cloudformation", "*", account, "stack", "/", "*")))
                        .build(),
                PolicyStatement.Builder.create()
                        .actions(List.of("s3:ListBucket"))
                        .resources(List.of(Env.arn(stack, "s3", "", "", "cdk-*-assets-" + account + "-*", "", null)))
                        .build());
        cfnPolicy.setPolicyDocument(Lazy.any(() -> rewrite(stack, original, narrowed)));
    }

    @SuppressWarnings("unchecked")
    private static Object rewrite(final Stack stack, final Object original, final List<PolicyStatement> narrowed) {
        Map<String, Object> document = new LinkedHashMap<>((Map<String, Object>) stack.resolve(original));
        List<Object> statements = new ArrayList<>();
        for (Object o : (List<Object>) document.get("Statement")) {
            Map<String, Object> statement = new LinkedHashMap<>((Map<String, Object>) o);
            List<Object> actions = StageRolePrincipals.asList(statement.get("Action"));
            List<Object> resources = StageRolePrincipals.asList(statement.get("Resource"));
            boolean generic = resources.stream()
                    .allMatch(r -> "*".equals(r) || (r instanceof String && ((String) r).startsWith("arn:*:iam::")));
            List<Object> rest = new ArrayList<>(actions);
            rest.removeIf(SELF_MUTATION_ACTIONS::contains);
            if (!generic || rest.size() == actions.size()) {
                statements.add(statement);
            } else if (!rest.isEmpty()) {
                statement.put("Action", rest.size() == 1 ? rest.get(0) : rest);
                statements.add(statement);
            }
        }
        for (PolicyStatement s : narrowed) {
            statements.add(stack.resolve(s.toStatementJson()));
        }
        document.put("Statement", statements);
        return document;
    }
}
