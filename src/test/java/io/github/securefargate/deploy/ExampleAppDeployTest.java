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
            violations.addAll(
                    DeployRules.alarmTopicViolations(e.getKey(), e.getValue().toJSON(), checked));
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
            violations.addAll(
                    DeployRules.retainedNameViolations(e.getKey(), e.getValue().toJSON(), List.of()));
        }
        assertThat(violations).isEmpty();
    }

    /**
     * AWS Config's backup-recovery-point-manual-deletion-disabled rule: a vault guard that does not also deny the
     * vault-policy calls can be lifted by anyone allowed to change the policy.
     */
    @Test
    void backupVaultPolicyCannotBeLiftedToDeleteRecoveryPoints() {
        Map<String, Map<String, Object>> vaults =
                ExampleAppFixture.get().template("SecureFargateService").findResources("AWS::Backup::BackupVault");
        assertThat(vaults).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> props =
                (Map<String, Object>) vaults.values().iterator().next().get("Properties");
        List<String> denied = new ArrayList<>();
        String policy = String.valueOf(props.get("AccessPolicy"));
        for (String action : List.of(
                "backup:DeleteRecoveryPoint",
                "backup:UpdateRecoveryPointLifecycle",
                "backup:PutBackupVaultAccessPolicy",
                "backup:DeleteBackupVaultAccessPolicy")) {
            if (policy.contains(action)) {
                denied.add(action);
            }
        }
        assertThat(denied).hasSize(4);
        assertThat(policy).doesNotContain("Allow");
    }
}
