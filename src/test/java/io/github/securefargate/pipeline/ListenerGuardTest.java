package io.github.securefargate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.securefargate.testing.PythonProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener guard against the real shapes of the AWS answers it reads.
 *
 * <p>Rule (see {@link ListenerGuard}): after CodeDeploy has moved production traffic to the other target group, a
 * CloudFormation update that changes the production listener writes the template's "forward to blue" back, sending
 * traffic to a target group without tasks (CodeDeploy:
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-load-balancer-for-ecs.html;
 * CloudFormation compares templates, not live state:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/drift-aware-change-sets.html;
 * aws-cdk issue 36649). The listener states come from moto (the ELB API's real response shapes, including the weighted
 * forward CodeDeploy writes); the change sets follow the DescribeChangeSet reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html), since moto's change
 * sets list every resource as "Add".
 */
public class ListenerGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode states;
    private static PythonProcess statesProcess;

    /**
     * Starts the moto script that prints the listener states without waiting, once per build ({@link
     * PythonProcess#shared}): {@code testing.StartPythonTestsEarly} calls it when the plan starts, so the script runs
     * beside the other tests.
     *
     * @return the run, started by this JVM or by another fork of the build
     */
    public static synchronized PythonProcess startListenerStates() {
        if (statesProcess == null) {
            statesProcess = PythonProcess.shared(
                    "listener-states",
                    false,
                    "src/test/resources/pipeline/listener_states.py",
                    "python3 with boto3 and moto is required to test the listener guard",
                    Map.of(),
                    () -> null,
                    "src/test/resources/pipeline/listener_states.py");
        }
        return statesProcess;
    }

    /** @return the states the moto script printed, waiting for it once; shared with {@link NativeRoutingGuardTest} */
    static synchronized JsonNode states() throws IOException, InterruptedException {
        if (states == null) {
            PythonProcess run = startListenerStates();
            run.awaitSuccess(2);
            states = JSON.readTree(run.output().toFile());
        }
        return states;
    }

    @BeforeAll
    static void listenerStatesFromMoto() throws IOException, InterruptedException {
        states();
    }

    private static String listeners(final String state) {
        return states.get(state).toString();
    }

    private static String changeSet(final String action, final String logicalId) {
        return "{\"ChangeSetName\":\"PipelineChange\",\"StackName\":\"UAT-Service\",\"Status\":\"CREATE_COMPLETE\","
                + "\"ExecutionStatus\":\"AVAILABLE\",\"Changes\":[{\"Type\":\"Resource\",\"ResourceChange\":{"
                + "\"Action\":\"Modify\",\"LogicalResourceId\":\"TaskDefinitionB36D86D9\",\"ResourceType\":"
                + "\"AWS::ECS::TaskDefinition\",\"Replacement\":\"True\",\"Scope\":[\"Properties\"]}},"
                + "{\"Type\":\"Resource\",\"ResourceChange\":{\"Action\":\"" + action + "\",\"LogicalResourceId\":\""
                + logicalId + "\",\"PhysicalResourceId\":\"arn:aws:elasticloadbalancing:eu-west-1:333333333333:"
                + "listener/app/lb/1/2\",\"ResourceType\":\"AWS::ElasticLoadBalancingV2::Listener\","
                + "\"Replacement\":\"False\",\"Scope\":[\"Properties\"],\"Details\":[{\"Target\":{\"Attribute\":"
                + "\"Properties\",\"Name\":\"Certificates\",\"RequiresRecreation\":\"Never\"},\"Evaluation\":"
                + "\"Static\",\"ChangeSource\":\"DirectModification\"}]}}]}";
    }

    @Nested
    class ChangeSets {
        @Test
        void seesAModifiedProductionListener() {
            assertThat(ListenerGuard.touches(changeSet("Modify", "ServiceListener"), "ServiceListener"))
                    .isTrue();
        }

        @Test
        void ignoresChangesToOtherResources() {
            assertThat(ListenerGuard.touches(changeSet("Modify", "TestListener"), "ServiceListener"))
                    .isFalse();
        }

        @Test
        void ignoresTheFirstCreation() {
            assertThat(ListenerGuard.touches(changeSet("Add", "ServiceListener"), "ServiceListener"))
                    .isFalse();
        }
    }

    @Nested
    class LiveListener {
        @Test
        void allowsTheUpdateBeforeTheFirstRelease() {
            assertThat(ListenerGuard.check(
                            listeners("initial"),
                            "ServiceListener",
                            states.get("blue").asText()))
                    .isNull();
        }

        @Test
        void stopsTheUpdateWhenCodeDeployHasMovedTrafficToGreen() {
            String green = states.get("green").asText();
            assertThat(ListenerGuard.liveTargetGroups(listeners("afterFirstRelease")))
                    .containsExactly(green);
            assertThat(ListenerGuard.check(
                            listeners("afterFirstRelease"),
                            "ServiceListener",
                            states.get("blue").asText()))
                    .contains("updates the production listener ServiceListener, which CodeDeploy has pointed at ["
                            + green + "]")
                    .contains("Release without the listener change first");
        }

        @Test
        void allowsTheUpdateWhenTrafficIsBackOnBlueAtWeightZeroForGreen() {
            assertThat(ListenerGuard.check(
                            listeners("afterSecondRelease"),
                            "ServiceListener",
                            states.get("blue").asText()))
                    .isNull();
        }
    }

    @Nested
    class CommandLine {
        @Test
        void exitCodesDriveTheBuildStep(@TempDir final Path dir) throws IOException {
            Path cs = Files.writeString(dir.resolve("change-set.json"), changeSet("Modify", "ServiceListener"));
            Path live = Files.writeString(dir.resolve("listeners.json"), listeners("afterFirstRelease"));
            assertThat(ListenerGuard.run(
                            new String[] {"touches", "--change-set", cs.toString(), "--listener", "ServiceListener"}))
                    .isZero();
            assertThat(ListenerGuard.run(
                            new String[] {"touches", "--change-set", cs.toString(), "--listener", "Other"}))
                    .isEqualTo(ListenerGuard.NO);
            assertThat(ListenerGuard.run(new String[] {
                        "check",
                        "--listeners",
                        live.toString(),
                        "--listener",
                        "ServiceListener",
                        "--expected-target-group",
                        states.get("blue").asText()
                    }))
                    .isEqualTo(2);
            assertThat(ListenerGuard.run(new String[] {
                        "check",
                        "--listeners",
                        live.toString(),
                        "--listener",
                        "ServiceListener",
                        "--expected-target-group",
                        states.get("green").asText()
                    }))
                    .isZero();
        }
    }
}
