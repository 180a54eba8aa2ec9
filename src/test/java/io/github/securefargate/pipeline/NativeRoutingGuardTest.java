package io.github.securefargate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing guard of native stages ({@link ListenerGuard} {@code check-rule} and {@code adds}): ECS re-weights the
 * production rule during a deployment (aws-cdk#36649), so a change set may rewrite the rule only while production is
 * on blue alone. The rule states are moto's DescribeRules answers (the API's response shape,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeRules.html) for a weighted forward as
 * ECS writes it: blue only, in the middle of a canary, green only ({@code pipeline/listener_states.py}).
 */
public class NativeRoutingGuardTest {
    private static JsonNode states;
    private static String blue;
    private static String green;

    @BeforeAll
    static void ruleStatesFromMoto() throws IOException, InterruptedException {
        states = ListenerGuardTest.states();
        blue = states.get("blue").asText();
        green = states.get("green").asText();
    }

    private static String rule(final String state) {
        return states.get(state).toString();
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
        assertThat(ListenerGuard.checkRule(rule("ruleOnBlue"), "BlueGreenProductionRule", blue))
                .isNull();
    }

    @Test
    void ruleUpdateFailsWhileEcsSendsTrafficToGreen() {
        assertThat(ListenerGuard.checkRule(rule("ruleOnGreen"), "BlueGreenProductionRule", blue))
                .contains("BlueGreenProductionRule", "[" + green + "]", "aws-cdk#36649", "Release once more");
        // In the middle of a canary.
        assertThat(ListenerGuard.checkRule(rule("ruleInCanary"), "BlueGreenProductionRule", blue))
                .contains(green);
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
    void commandLineExitsTwoOnAnUnsafeRuleAndZeroOnASafeOne(@TempDir final Path dir) throws Exception {
        Path unsafe = Files.createTempFile(dir, "rules", ".json");
        Files.writeString(unsafe, rule("ruleOnGreen"));
        Path safe = Files.createTempFile(dir, "rules", ".json");
        Files.writeString(safe, rule("ruleOnBlue"));
        String[] args = {"check-rule", "--rules", "", "--rule", "Rule", "--expected-target-group", blue};
        args[2] = unsafe.toString();
        assertThat(ListenerGuard.run(args)).isEqualTo(2);
        args[2] = safe.toString();
        assertThat(ListenerGuard.run(args)).isZero();
        Path added = Files.createTempFile(dir, "change-set", ".json");
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
