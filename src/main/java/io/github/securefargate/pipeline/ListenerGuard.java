package io.github.securefargate.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stops a stage deployment whose CloudFormation change set would send production traffic to a target group with no
 * tasks.
 *
 * <p><b>The rule.</b> CodeDeploy moves production traffic by rewriting the production listener's default action: after
 * a release the listener forwards to the target group of the replacement task set, which is the green target group
 * after the first release, blue after the second, and so on ("CodeDeploy determines which target group is used for each
 * task set": https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-load-balancer-for-ecs.html).
 * The template still says "forward to blue". CloudFormation compares the new template with the previous template, not
 * with the live resource (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/drift-aware-change-sets.html),
 * so an update that leaves the listener's properties alone leaves CodeDeploy's routing alone; but an update that changes
 * any property of the production listener (certificate, TLS policy, port, default action, a replaced blue target group)
 * writes the template's whole listener back: forward to blue, while the tasks are registered with green (the same
 * behaviour for listener rules is aws-cdk issue 36649: https://github.com/aws/aws-cdk/issues/36649). The test listener
 * is re-pointed by CodeDeploy at the start of every deployment, so a reset there does not touch production traffic.
 *
 * <p><b>The guard.</b> The {@link Toolchain} runs this between the creation and the execution of each stage's change set
 * ({@value #CHANGE_SET_NAME}): {@code touches} exits 0 when the change set modifies, replaces or removes the production
 * listener (and {@value #NO} otherwise); {@code check} reads the live listener and fails (exit 2) when it forwards
 * traffic to any target group other than the one the template names. Any other exit code (3 for bad arguments or
 * input, 1 when the JVM itself fails) fails the step: only {@value #NO} means "nothing to check". Fix a failed check by releasing the listener change when the
 * template's target group is live again (after the next release), with no other change to the listener in between.
 *
 * <p><b>Native services.</b> For a {@code NativeBlueGreenService} ECS re-weights the production listener <i>rule</i>;
 * the stage's guard runs {@code touches --rule} on the rule's logical id and then {@code check-rule}
 * ({@code describe-rules}: the live forward must be blue only), and, when the change set adds the rule to a listener
 * that exists already (the switch from CodeDeploy), {@code adds} and then {@code check} on the listener: production
 * must be on blue before the rule sends it there. A new stack adds the listener too: there is no traffic to check.
 *
 * <pre>
 * java -cp ... io.github.securefargate.pipeline.ListenerGuard touches --change-set change-set.json --listener LogicalId
 * java -cp ... io.github.securefargate.pipeline.ListenerGuard check --listeners listeners.json \
 *     --listener LogicalId --expected-target-group arn:aws:elasticloadbalancing:...
 * java -cp ... io.github.securefargate.pipeline.ListenerGuard touches --change-set change-set.json --rule RuleId
 * java -cp ... io.github.securefargate.pipeline.ListenerGuard check-rule --rules rules.json --rule RuleId \
 *     --expected-target-group arn:aws:elasticloadbalancing:...
 * java -cp ... io.github.securefargate.pipeline.ListenerGuard adds --change-set change-set.json --rule RuleId \
 *     --listener LogicalId
 * </pre>
 */
public final class ListenerGuard {
    /** Name of the change set CDK Pipelines creates for each stack it deploys. */
    public static final String CHANGE_SET_NAME = "PipelineChange";
    /** Exit code of {@code touches} and {@code adds} when there is nothing to check (every other non-zero fails). */
    public static final int NO = 10;
    /** Change-set actions that rewrite the listener. */
    public static final List<String> REWRITING_ACTIONS = List.of("Modify", "Remove", "Dynamic");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ListenerGuard() {}

    /**
     * @param changeSet output of {@code aws cloudformation describe-change-set --output json}
     * @param logicalId logical id of the production listener (or, for a native service, of its production rule)
     * @return whether the change set rewrites that resource (a Modify, which includes a replacement, a Remove, or a
     *     Dynamic change)
     */
    public static boolean touches(final String changeSet, final String logicalId) {
        String action = action(parse(changeSet, "change set"), logicalId);
        return action != null && REWRITING_ACTIONS.contains(action);
    }

    /**
     * @param describedListeners output of {@code aws elbv2 describe-listeners --output json} for the listener
     * @return every target group the listener's default actions send traffic to (forward weight above 0)
     */
    public static Set<String> liveTargetGroups(final String describedListeners) {
        JsonNode root = parse(describedListeners, "listeners");
        JsonNode listeners = root.path("Listeners");
        if (!listeners.isArray() || listeners.size() != 1) {
            throw new IllegalArgumentException("listeners must be the output of `aws elbv2 describe-listeners` for one"
                    + " listener, got " + listeners.size() + " listeners");
        }
        return forwardedTo(listeners.get(0).path("DefaultActions"));
    }

    /**
     * @param describedRules output of {@code aws elbv2 describe-rules --rule-arns <arn> --output json} for one rule
     * @return every target group the rule's actions send traffic to (forward weight above 0)
     */
    public static Set<String> liveRuleTargetGroups(final String describedRules) {
        JsonNode rules = parse(describedRules, "rules").path("Rules");
        if (!rules.isArray() || rules.size() != 1) {
            throw new IllegalArgumentException(
                    "rules must be the output of `aws elbv2 describe-rules` for one rule, got " + rules.size()
                            + " rules");
        }
        return forwardedTo(rules.get(0).path("Actions"));
    }

    /** @return the target groups forward actions send traffic to (weight above 0; no weight is weight 1) */
    private static Set<String> forwardedTo(final JsonNode actions) {
        Set<String> live = new LinkedHashSet<>();
        for (JsonNode action : actions) {
            if (!"forward".equals(action.path("Type").asText())) {
                continue;
            }
            JsonNode weighted = action.path("ForwardConfig").path("TargetGroups");
            if (weighted.isArray() && weighted.size() > 0) {
                for (JsonNode tg : weighted) {
                    // A target group listed without a weight gets weight 1 (ELB's default).
                    if (tg.path("Weight").asInt(1) > 0) {
                        live.add(tg.path("TargetGroupArn").asText());
                    }
                }
            } else if (action.hasNonNull("TargetGroupArn")) {
                live.add(action.get("TargetGroupArn").asText());
            }
        }
        return live;
    }

    /**
     * @param changeSet         output of {@code aws cloudformation describe-change-set --output json}
     * @param ruleLogicalId     logical id of the production rule
     * @param listenerLogicalId logical id of the production listener the rule belongs to
     * @return whether the change set adds the rule to a listener that exists already (a change set that adds the
     *     listener too creates the stack, or a new listener: no traffic flows through it yet)
     */
    public static boolean adds(final String changeSet, final String ruleLogicalId, final String listenerLogicalId) {
        JsonNode root = parse(changeSet, "change set");
        return "Add".equals(action(root, ruleLogicalId)) && !"Add".equals(action(root, listenerLogicalId));
    }

    /** @return the change set's action on {@code logicalId} (Add, Modify, Remove, Dynamic...), or null when none */
    private static String action(final JsonNode changeSet, final String logicalId) {
        for (JsonNode change : changeSet.path("Changes")) {
            JsonNode resource = change.path("ResourceChange");
            if (logicalId.equals(resource.path("LogicalResourceId").asText())) {
                return resource.path("Action").asText();
            }
        }
        return null;
    }

    /**
     * For a native service ({@code NativeBlueGreenService}): ECS re-weights the production rule during a deployment,
     * and its template forwards everything to blue (blue 100, green 0).
     *
     * @param describedRules      output of {@code aws elbv2 describe-rules} for the production rule
     * @param ruleLogicalId       its logical id (for the message)
     * @param expectedTargetGroup ARN of the blue target group
     * @return null when CloudFormation may rewrite the rule, else why not and what to do
     */
    public static String checkRule(
            final String describedRules, final String ruleLogicalId, final String expectedTargetGroup) {
        List<String> others = new ArrayList<>(liveRuleTargetGroups(describedRules));
        others.remove(expectedTargetGroup);
        if (others.isEmpty()) {
            return null;
        }
        return "this change set updates the production rule " + ruleLogicalId + ", which ECS has pointed at "
                + others + "; CloudFormation would write the template's forward (blue " + expectedTargetGroup
                + " 100) back and send production traffic to a target group without tasks (aws-cdk#36649). "
                + "Release once more without this change so that blue is live, then apply it";
    }

    /**
     * @param describedListeners output of {@code aws elbv2 describe-listeners} for the production listener
     * @param listenerLogicalId  its logical id (for the message)
     * @param expectedTargetGroup ARN of the target group the template's default action forwards to
     * @return null when CloudFormation may rewrite the listener, else why not and what to do
     */
    public static String check(
            final String describedListeners, final String listenerLogicalId, final String expectedTargetGroup) {
        Set<String> live = liveTargetGroups(describedListeners);
        List<String> others = new ArrayList<>(live);
        others.remove(expectedTargetGroup);
        if (others.isEmpty()) {
            return null;
        }
        return "this change set updates the production listener " + listenerLogicalId + ", which CodeDeploy has "
                + "pointed at " + others + "; CloudFormation would write the template's default action (forward to "
                + expectedTargetGroup + ") back and send production traffic to a target group without tasks. "
                + "Release without the listener change first: the next release moves traffic back to "
                + expectedTargetGroup + ", then the listener change can follow";
    }

    private static JsonNode parse(final String text, final String what) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + " must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Command line entry point; see the class comment. Exit codes: {@code touches} and {@code adds} 0 (yes) or
     * {@value #NO} (no); {@code check} and {@code check-rule} 0 (safe) or 2 (unsafe); 3 on bad arguments or input.
     *
     * @param args command-line arguments
     */
    public static void main(final String[] args) {
        int code;
        try {
            code = run(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("ListenerGuard: " + e.getMessage());
            code = 3;
        }
        System.exit(code);
    }

    /**
     * Parses the arguments and runs the command.
     *
     * @param args command-line arguments
     * @return the exit code
     * @throws IOException when a file cannot be read
     */
    public static int run(final String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("a command is required: touches, check, adds or check-rule");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.put(args[i], args[i + 1]);
        }
        switch (args[0]) {
            case "touches": {
                String rule = options.get("--rule");
                String id = rule != null ? rule : require(options, "--listener");
                String what = (rule != null ? "the production rule " : "the production listener ") + id;
                boolean touched = touches(Files.readString(Path.of(require(options, "--change-set"))), id);
                System.out.println(
                        touched
                                ? "The change set updates " + what + ": checking where production traffic goes"
                                : "The change set leaves " + what + " unchanged");
                return touched ? 0 : NO;
            }
            case "check": {
                String problem = check(
                        Files.readString(Path.of(require(options, "--listeners"))),
                        require(options, "--listener"),
                        require(options, "--expected-target-group"));
                if (problem != null) {
                    System.err.println("ListenerGuard: " + problem);
                    return 2;
                }
                System.out.println("Production traffic is on the template's target group: the update is safe");
                return 0;
            }
            case "adds": {
                String rule = require(options, "--rule");
                String listener = require(options, "--listener");
                boolean added = adds(Files.readString(Path.of(require(options, "--change-set"))), rule, listener);
                System.out.println(
                        added
                                ? "The change set adds " + rule + " to the existing listener " + listener
                                        + ": checking that production traffic is on blue"
                                : "The change set does not add " + rule + " to an existing listener");
                return added ? 0 : NO;
            }
            case "check-rule": {
                String problem = checkRule(
                        Files.readString(Path.of(require(options, "--rules"))),
                        require(options, "--rule"),
                        require(options, "--expected-target-group"));
                if (problem != null) {
                    System.err.println("ListenerGuard: " + problem);
                    return 2;
                }
                System.out.println("Production traffic is on blue only: the rule update is safe");
                return 0;
            }
            default:
                throw new IllegalArgumentException(
                        "unknown command " + args[0] + "; use touches, check, adds or check-rule");
        }
    }

    private static String require(final Map<String, String> options, final String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
