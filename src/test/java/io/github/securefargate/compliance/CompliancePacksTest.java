package io.github.securefargate.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.securefargate.testing.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.IConstruct;

class CompliancePacksTest {

    private static List<String> packNames(final IConstruct scope) {
        return Aspects.of(scope).getAll().stream()
                .map(a -> a.getClass().getSimpleName())
                .sorted()
                .toList();
    }

    @Test
    void appliesTheFourPacksToTheAppAndToEveryNestedStageOnce() {
        App app = TestApps.app();
        Stage stage = new Stage(app, "Prod");
        Stage nested = new Stage(stage, "Inner");
        List<IConstruct> applied = CompliancePacks.applyTo(app);
        assertThat(applied).containsExactly(app, stage, nested);
        for (IConstruct scope : List.of(app, stage, nested)) {
            assertThat(packNames(scope))
                    .containsExactly(
                            "AwsSolutionsChecks", "HIPAASecurityChecks", "NIST80053R5Checks", "PCIDSS321Checks");
        }
        assertThat(CompliancePacks.applyTo(app)).isEmpty();
        assertThat(CompliancePacks.applyTo(stage)).isEmpty();
        assertThat(packNames(stage)).hasSize(4);
    }

    @Test
    void reportsFindingsOnStacksInsideAStage() {
        App app = TestApps.app();
        Stage stage = new Stage(app, "Prod");
        Stack stack = new Stack(
                stage, "Data", StackProps.builder().env(TestApps.env()).build());
        Bucket bucket = new Bucket(stack, "Plain");
        CompliancePacks.applyTo(app);
        stage.synth();
        List<String> errors = bucket.getNode().getDefaultChild().getNode().getMetadata().stream()
                .filter(m -> "aws:cdk:error".equals(m.getType()))
                .map(m -> String.valueOf(m.getData()))
                .toList();
        assertThat(errors).anyMatch(e -> e.startsWith("AwsSolutions-S1:"));
    }

    @Test
    void contextTurnsThePacksOff() {
        App app = TestApps.app(Map.of(CompliancePacks.CONTEXT_KEY, "false"));
        assertThat(CompliancePacks.applyTo(app)).isEmpty();
        assertThat(packNames(app)).isEmpty();
    }

    @Test
    void namesTheDependencyWhenCdkNagIsMissing() {
        App app = TestApps.app();
        assertThatThrownBy(() -> CompliancePacks.requireOnClassPath(app, "io.github.cdklabs.cdknag.Missing"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("App: CompliancePacks needs cdk-nag on the class path")
                .hasMessageContaining("io.github.cdklabs:cdknag:2.37.55");
    }
}
