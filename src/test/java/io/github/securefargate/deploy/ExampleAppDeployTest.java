package io.github.securefargate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.securefargate.testing.DeployRules;
import io.github.securefargate.testing.ExampleAppFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The deploy-behaviour tier over the whole example app (every stack, including the pipeline stages' stacks): what
 * SNS, KMS and CloudFormation will do with the templates, not their shape.
 */
class ExampleAppDeployTest {

    @Test
    void everyAlarmCanNotifyTheTopicItTargets() {
        List<String> checked = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Template> e : ExampleAppFixture.get().templates().entrySet()) {
            violations.addAll(DeployRules.alarmTopicViolations(e.getKey(), e.getValue().toJSON(), checked));
        }
        assertThat(violations).isEmpty();
        // Not vacuous: the isolation-failure alarm and the blue/green deployment alarms of both stages were checked.
        assertThat(checked).anyMatch(c -> c.contains("IsolationFailedAlarm"));
        assertThat(checked.stream().filter(c -> c.contains("UAT"))).isNotEmpty();
        assertThat(checked.stream().filter(c -> c.contains("Prod"))).isNotEmpty();
    }

    @Test
    void noRetainedResourceHasANameThatARedeployWouldCollideWith() {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Template> e : ExampleAppFixture.get().templates().entrySet()) {
            violations.addAll(DeployRules.retainedNameViolations(e.getKey(), e.getValue().toJSON(), List.of()));
        }
        assertThat(violations).isEmpty();
    }
}
