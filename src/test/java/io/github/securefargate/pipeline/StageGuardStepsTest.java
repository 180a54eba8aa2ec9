package io.github.securefargate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.securefargate.bluegreen.NativeBlueGreenService;
import io.github.securefargate.testing.AwsCliCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * The guard steps of a mixed toolchain run as CodeBuild runs them: their commands under {@code sh}, the real
 * {@link ListenerGuard} on this build's class path (killed after two minutes), and a stand-in {@code aws} that answers from files and logs each
 * call (checked against the AWS CLI's service models, {@link AwsCliCalls}). A stage's first deployment must pass, a switch from CodeDeploy with production on green must stop, and a probe
 * that cannot answer must fail the step instead of letting the change set through.
 */
class StageGuardStepsTest {
    /**
     * The stand-in aws: the change set, the physical ids (a missing resource fails as the CLI does), the listeners;
     * every call, known or not, goes to the run's own log ({@code FAKE_LOG}).
     */
    private static final List<String> AWS = List.of(
            "  'configure set') echo \"$*\" >> \"$FAKE_LOG\"; exit 0 ;;",
            "  'cloudformation describe-change-set') echo \"$*\" >> \"$FAKE_LOG\"; cat \"$FAKE_CHANGE_SET\" ;;",
            "  'cloudformation describe-stack-resource') echo \"$*\" >> \"$FAKE_LOG\"",
            "    args=\"$*\"; id=\"${args##*--logical-resource-id }\"; id=\"${id%% *}\"",
            "    case \" $FAKE_MISSING \" in *\" $id \"*) echo \"Resource $id does not exist\" >&2; exit 254 ;; esac",
            "    echo \"arn:fake:$id\" ;;",
            "  'elbv2 describe-listeners') echo \"$*\" >> \"$FAKE_LOG\"; cat \"$FAKE_LISTENERS\" ;;",
            // Any other call is logged too (then fails as runStep's default arm does), so that doesNotContain sees it.
            "  *) echo \"$*\" >> \"$FAKE_LOG\"; exit 4 ;;");

    private static Toolchain mixed;
    private static String rule;
    private static String listener;
    private static String blue;

    /** The calls the stand-in aws got in every run, checked after all tests. */
    private static Path awsCalls;
    /** Where the call log lives (JUnit deletes it after the class). */
    @TempDir
    static Path work;

    @AfterAll
    static void everyCallOfTheGuardStepsIsOneTheCliKnows() throws Exception {
        AwsCliCalls.assertValid(awsCalls);
    }

    @BeforeAll
    static void synthesizeAMixedToolchain() throws IOException {
        awsCalls = AwsCliCalls.newLog(work);
        mixed = NativeToolchainTest.mixedToolchain();
        NativeBlueGreenService service = mixed.getNativeServices().get("Prod");
        rule = logicalId(service.getProductionRule());
        listener = logicalId(service.getService().getListener());
        blue = logicalId(service.getBlueTargetGroup());
    }

    private static String logicalId(final IConstruct construct) {
        return Stack.of(construct).getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    /** The outcome of one guard step: its exit code, the aws calls it made, and its output. */
    private record Run(int exitCode, String awsCalls, String output) {}

    /**
     * Runs the guard step of {@code stage} (without its class-path commands: the step finds this build's classes) in
     * {@code dir} against {@code changeSet}, the live listener forwarding to {@code liveTargetGroup}.
     */
    private static Run runGuard(
            final Path dir,
            final String stage,
            final String changeSet,
            final String liveTargetGroup,
            final String missing)
            throws Exception {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.createSymbolicLink(
                target.resolve("classes"), Path.of("target/classes").toAbsolutePath());
        Files.writeString(dir.resolve(Toolchain.CLASSPATH_FILE), System.getProperty("java.class.path"));
        Path changes = Files.writeString(dir.resolve("fake-change-set.json"), changeSet);
        Path listeners = Files.writeString(
                dir.resolve("fake-listeners.json"),
                "{\"Listeners\":[{\"DefaultActions\":[{\"Type\":\"forward\",\"TargetGroupArn\":\"" + liveTargetGroup
                        + "\"}]}]}");
        Path log = Files.writeString(dir.resolve("aws.log"), "");

        List<String> commands =
                new ArrayList<>(mixed.getListenerGuardSteps().get(stage).getCommands());
        commands.removeAll(Toolchain.DEFAULT_CLASSPATH_COMMANDS);
        AwsCliCalls.StepRun run = AwsCliCalls.runStep(
                dir,
                AWS,
                commands,
                Map.of(
                        "FAKE_LOG", log.toString(),
                        "FAKE_CHANGE_SET", changes.toString(),
                        "FAKE_LISTENERS", listeners.toString(),
                        "FAKE_MISSING", missing),
                awsCalls);
        return new Run(run.exitCode(), Files.readString(log), run.output());
    }

    @Test
    void aNativeStagesFirstDeploymentPassesWithoutLookingUpResourcesThatDoNotExistYet(@TempDir final Path dir)
            throws Exception {
        // CloudFormation's change set for a new stack adds every resource; describe-stack-resource fails for all.
        Run run = runGuard(
                dir,
                "Prod",
                NativeRoutingGuardTest.changeSet("Add", rule, "Add", listener, "Add", blue),
                "arn:fake:" + blue,
                rule + " " + listener + " " + blue);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.awsCalls()).contains("describe-change-set").doesNotContain("describe-stack-resource");
    }

    @Test
    void aSwitchFromCodeDeployStopsWhileProductionIsOnGreen(@TempDir final Path dir) throws Exception {
        Run run = runGuard(dir, "Prod", NativeRoutingGuardTest.changeSet("Add", rule), "arn:fake:GreenTargetGroup", "");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.awsCalls()).contains("elbv2 describe-listeners --listener-arns arn:fake:" + listener);
        assertThat(run.output()).contains("arn:fake:GreenTargetGroup");
    }

    @Test
    void aProbeThatCannotReadTheChangeSetFailsTheStepInsteadOfPassingIt(@TempDir final Path dir) throws Exception {
        Run run = runGuard(dir, "UAT", "not a change set", "arn:fake:any", "");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("ListenerGuard: change set is not valid JSON");
    }
}
