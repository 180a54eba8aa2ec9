package io.github.securefargate.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The order in which the stacks of an app reach CloudFormation on a first deployment, and what each stack's policies
 * expect to exist by then.
 *
 * <p>Order: the stacks the user deploys by hand (every stack outside a nested Stage: the toolchain stack after the
 * cross-Region support stacks it depends on), then the stacks of each pipeline stage, stage by stage, in the order the
 * pipeline deploys them (the Stages' creation order), each stage's stacks in dependency order.
 */
public final class DeployOrder {
    /** An IAM role or user ARN, after partition references are replaced by the partition. */
    private static final Pattern IAM_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):(role|user)/(?:.*/)?([^/]+)");
    /** CDK bootstrap roles exist before anything is deployed (`cdk bootstrap`, default qualifier). */
    private static final Pattern BOOTSTRAP_ROLE = Pattern.compile("cdk-hnb659fds-[a-z-]+-role-\\d{12}-[a-z0-9-]+");

    private final List<Stack> stacks;
    private final Map<Stack, Template> templates = new LinkedHashMap<>();

    private DeployOrder(final List<Stack> stacks, final Map<Stack, Template> known) {
        this.stacks = List.copyOf(stacks);
        for (Stack s : stacks) {
            templates.put(s, known.containsKey(s) ? known.get(s) : Template.fromStack(s));
        }
    }

    /** @return the stacks of {@code app} in first-deploy order, with their templates */
    public static DeployOrder of(final App app) {
        return of(app, Map.of());
    }

    /** @return the stacks of {@code app} in first-deploy order, reusing templates already synthesized */
    public static DeployOrder of(final App app, final Map<Stack, Template> known) {
        List<Stack> byHand = new ArrayList<>();
        Map<Stage, List<Stack>> byStage = new LinkedHashMap<>();
        for (IConstruct c : app.getNode().findAll()) {
            if (c instanceof Stage && c != app) {
                byStage.put((Stage) c, new ArrayList<>());
            }
        }
        for (IConstruct c : app.getNode().findAll()) {
            if (c instanceof Stack) {
                Stack s = (Stack) c;
                Stage stage = Stage.of(s);
                if (stage == null
                        || stage == app
                        || s.getNode().getPath().equals(stage.getNode().getPath())) {
                    byHand.add(s);
                } else {
                    byStage.get(stage).add(s);
                }
            }
        }
        List<Stack> order = new ArrayList<>(dependencyOrder(byHand));
        byStage.values().forEach(list -> order.addAll(dependencyOrder(list)));
        return new DeployOrder(order, known);
    }

    private static List<Stack> dependencyOrder(final List<Stack> stacks) {
        Set<Stack> done = new LinkedHashSet<>();
        for (Stack s : stacks) {
            visit(s, stacks, done);
        }
        return new ArrayList<>(done);
    }

    private static void visit(final Stack s, final List<Stack> scope, final Set<Stack> done) {
        if (done.contains(s)) {
            return;
        }
        for (Stack d : s.getDependencies()) {
            if (scope.contains(d)) {
                visit(d, scope, done);
            }
        }
        done.add(s);
    }

    /** @return the stacks, in order */
    public List<Stack> stacks() {
        return stacks;
    }

    /** @return artifact ids, in order */
    public List<String> artifactIds() {
        List<String> ids = new ArrayList<>();
        stacks.forEach(s -> ids.add(s.getArtifactId()));
        return ids;
    }

    /**
     * @return one line per IAM principal ARN that a policy of a stack names although no earlier stack creates it (and
     *         it is not a CDK bootstrap role): {@code stack: resource names arn}
     */
    public List<String> principalsThatDoNotExistYet() {
        Set<String> created = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Stack stack : stacks) {
            Map<String, Object> resources = resources(templates.get(stack));
            for (Map.Entry<String, Object> r : resources.entrySet()) {
                List<Object> principals = new ArrayList<>();
                collectPrincipals(((Map<?, ?>) r.getValue()).get("Properties"), principals);
                for (Object p : principals) {
                    String arn = literal(p);
                    if (arn == null) {
                        continue; // a reference to a resource of the same stack: CloudFormation orders it
                    }
                    Matcher m = IAM_ARN.matcher(arn);
                    if (!m.matches() || BOOTSTRAP_ROLE.matcher(m.group(3)).matches()) {
                        continue;
                    }
                    if (!created.contains(m.group(1) + ":" + m.group(2) + "/" + m.group(3))) {
                        problems.add(stack.getArtifactId() + ": " + r.getKey() + " names " + arn);
                    }
                }
            }
            // What this stack creates exists for the stacks after it (not for itself: a literal ARN gives
            // CloudFormation no order between the role and the policy that names it).
            for (Object r : resources.values()) {
                Map<?, ?> resource = (Map<?, ?>) r;
                Map<?, ?> props =
                        resource.get("Properties") instanceof Map ? (Map<?, ?>) resource.get("Properties") : Map.of();
                if ("AWS::IAM::Role".equals(resource.get("Type")) && props.get("RoleName") instanceof String) {
                    created.add(stack.getAccount() + ":role/" + props.get("RoleName"));
                }
                if ("AWS::IAM::User".equals(resource.get("Type")) && props.get("UserName") instanceof String) {
                    created.add(stack.getAccount() + ":user/" + props.get("UserName"));
                }
            }
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resources(final Template t) {
        Object r = t.toJSON().get("Resources");
        return r == null ? Map.of() : (Map<String, Object>) r;
    }

    private static void collectPrincipals(final Object node, final List<Object> out) {
        if (node instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) node).entrySet()) {
                if ("Principal".equals(e.getKey()) && e.getValue() instanceof Map) {
                    Object aws = ((Map<?, ?>) e.getValue()).get("AWS");
                    if (aws instanceof List) {
                        out.addAll((List<?>) aws);
                    } else if (aws != null) {
                        out.add(aws);
                    }
                } else {
                    collectPrincipals(e.getValue(), out);
                }
            }
        } else if (node instanceof List) {
            ((List<?>) node).forEach(n -> collectPrincipals(n, out));
        }
    }

    /** The string a principal value has at deploy time, or null when it refers to a resource. */
    private static String literal(final Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Map && ((Map<?, ?>) value).size() == 1) {
            Map<?, ?> map = (Map<?, ?>) value;
            if (map.containsKey("Ref")) {
                return "AWS::Partition".equals(map.get("Ref")) ? "aws" : null;
            }
            if (map.containsKey("Fn::Join")) {
                List<?> join = (List<?>) map.get("Fn::Join");
                StringBuilder b = new StringBuilder();
                List<?> parts = (List<?>) join.get(1);
                for (int i = 0; i < parts.size(); i++) {
                    String s = literal(parts.get(i));
                    if (s == null) {
                        return null;
                    }
                    b.append(i > 0 ? join.get(0) : "").append(s);
                }
                return b.toString();
            }
        }
        return null;
    }
}
