package io.github.securefargate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The routing guard of native stages ({@link ListenerGuard} {@code check-rule} and {@code adds}): ECS re-weights the
 * production rule during a deployment (aws-cdk#36649), so a change set may rewrite the rule only while production is
 * on blue alone. The rule states follow the DescribeRules response
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeRules.html), weighted forward as ECS
 * writes it.
 */
class NativeRoutingGuardTest {
    private static final String BLUE = "arn:aws:elasticloadbalancing:eu-west-1:333333333333:targetgroup/blue/1";
    private static final String GREEN = "arn:aws:elasticloadbalancing:eu-west-1:333333333333:targetgroup/green/2";

    private static String rule(final int blueWeight, final int greenWeight) {
        return "{\"Rules\":[{\"RuleArn\":\"arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener-rule/app/lb/1/"
                + "2/3\",\"Priority\":\"1\",\"Conditions\":[{\"Field\":\"path-pattern\",\"Values\":[\"/*\"],"
                + "\"PathPatternConfig\":{\"Values\":[\"/*\"]}}],\"Actions\":[{\"Type\":\"forward\",\"ForwardConfig\":"
                + "{\"TargetGroups\":[{\"TargetGroupArn\":\"" + BLUE + "\",\"Weight\":" + blueWeight + "},"
                + "{\"TargetGroupArn\":\"" + GREEN + "\",\"Weight\":" + greenWeight + "}],"
                + "\"TargetGroupStickinessConfig\":{\"Enabled\":false}}}],\"IsDefault\":false}]}";
    }

    /** @return a change set of {@code actionsAndIds}: action, logical id, action, logical id... */
    static String changeSet(final String... actionsAndIds) {
        StringBuilder changes = new StringBuilder();
        for (int i = 0; i < actionsAndIds.length; i += 2) {
            changes.append(i == 0 ? "" : ",")
                    .append("{\"Type\":\"Resource\",\"ResourceChange\":{\"Action\":\"")
                    .append(actionsAndIds[i])
                    .append("\",\"LogicalResourceId\":\"")
                    .append(actionsAndIds[i + 1])
                    .append("\",\"Replacement\":\"False\"}}");
        }
        return "{\"ChangeSetName\":\"PipelineChange\",\"Changes\":[" + changes + "]}";
    }

    @Test
    void ruleUpdateIsSafeWhileBlueHasAllTraffic() {
        assertThat(ListenerGuard.checkRule(rule(100, 0), "BlueGreenProductionRule", BLUE))
                .isNull();
    }

    @Test
    void ruleUpdateFailsWhileEcsSendsTrafficToGreen() {
        assertThat(ListenerGuard.checkRule(rule(0, 100), "BlueGreenProductionRule", BLUE))
                .contains("BlueGreenProductionRule", "[" + GREEN + "]", "aws-cdk#36649", "Release once more");
        // In the middle of a canary.
        assertThat(ListenerGuard.checkRule(rule(90, 10), "BlueGreenProductionRule", BLUE))
                .contains(GREEN);
    }

    @Test
    void addsSeesOnlyTheAddOfTheRuleToAnExistingListener() {
        String rule = "BlueGreenProductionRule";
        assertThat(ListenerGuard.adds(changeSet("Add", rule), rule, "Listener")).isTrue();
        assertThat(ListenerGuard.adds(changeSet("Modify", rule), rule, "Listener"))
                .isFalse();
        assertThat(ListenerGuard.adds(changeSet("Add", "Other"), rule, "Listener"))
                .isFalse();
        // A new stack adds the listener as well: nothing routes through it yet.
        assertThat(ListenerGuard.adds(changeSet("Add", rule, "Add", "Listener"), rule, "Listener"))
                .isFalse();
        assertThat(ListenerGuard.adds(changeSet("Add", rule, "Modify", "Listener"), rule, "Listener"))
                .isTrue();
        assertThat(ListenerGuard.touches(changeSet("Modify", rule), rule)).isTrue();
    }

    @Test
    void commandLineExitsTwoOnAnUnsafeRuleAndZeroOnASafeOne() throws Exception {
        Path unsafe = Files.createTempFile("rules", ".json");
        Files.writeString(unsafe, rule(0, 100));
        Path safe = Files.createTempFile("rules", ".json");
        Files.writeString(safe, rule(100, 0));
        String[] args = {"check-rule", "--rules", "", "--rule", "Rule", "--expected-target-group", BLUE};
        args[2] = unsafe.toString();
        assertThat(ListenerGuard.run(args)).isEqualTo(2);
        args[2] = safe.toString();
        assertThat(ListenerGuard.run(args)).isZero();
        Path added = Files.createTempFile("change-set", ".json");
        Files.writeString(added, changeSet("Add", "Rule"));
        assertThat(ListenerGuard.run(new String[] {
                    "adds", "--change-set", added.toString(), "--rule", "Rule", "--listener", "Listener"
                }))
                .isZero();
        Files.writeString(added, changeSet("Add", "Rule", "Add", "Listener"));
        assertThat(ListenerGuard.run(new String[] {
                    "adds", "--change-set", added.toString(), "--rule", "Rule", "--listener", "Listener"
                }))
                .isEqualTo(ListenerGuard.NO);
    }
}
