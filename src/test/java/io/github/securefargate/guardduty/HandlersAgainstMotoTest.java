package io.github.securefargate.guardduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.testing.PythonProcess;
import io.github.securefargate.testing.TestApps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;

/**
 * Runs the pytest suite in {@code src/test/python}: the construct's real Lambda handlers, as the templates inline them
 * (shared modules included), against moto ({@code mock_aws}, real botocore validation), and the event patterns this
 * construct synthesizes against moto's EventBridge. Part of {@code mvn verify}; it fails, never skips, when python3,
 * pytest, boto3 or moto is missing.
 *
 * <p>pytest is a separate process that needs no jsii call once the handlers are written, so {@code
 * testing.StartPythonTestsEarly} starts it when the test plan starts (after writing the handlers on the main thread) and it runs
 * beside the other test classes; this class runs last in a one-JVM plan ({@link Order}) and waits for it. Under
 * surefire's forks the run is shared by the build: one fork starts it, and this class awaits it in whichever fork it
 * is handed to. Its report is {@code pytest.out} in {@link PythonProcess#runDirectory()}.
 */
@Order(Integer.MAX_VALUE)
public class HandlersAgainstMotoTest {
    /** moto's default account: the patterns are synthesized for it so that moto's EventBridge matches them. */
    static final String MOTO_ACCOUNT = "123456789012";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PATTERNS = Path.of("target", "guardduty", "event-patterns.json");
    /** The handlers as synthesized (inline code of the functions), and the isolation function's literal environment. */
    private static final Path HANDLERS = Path.of("target", "guardduty", "handlers");

    private static PythonProcess pytest;

    @Test
    void handlersAndEventPatternsPassTheirMotoTests() throws Exception {
        System.out.println(startInBackground().awaitSuccess(10));
    }

    /**
     * Starts pytest without waiting for it, once per build ({@link PythonProcess#shared}): the JVM that starts it first
     * writes the patterns and handlers (jsii calls, so on the calling thread). Python's modules are imported before
     * pytest's arguments are read, so a missing boto3, botocore, moto or pytest fails with its name.
     *
     * @return the run, started by this JVM or by another fork of the build
     */
    public static synchronized PythonProcess startInBackground() {
        if (pytest == null) {
            pytest = PythonProcess.shared(
                    "pytest",
                    true,
                    "pytest src/test/python",
                    "python3 with boto3, botocore, moto and pytest is required to test the Lambda handlers and the "
                            + "example's smoke-test hook (pip install boto3 moto pytest)",
                    Map.of(
                            "GUARDDUTY_PATTERNS", PATTERNS.toAbsolutePath().toString(),
                            "GUARDDUTY_HANDLERS", HANDLERS.toAbsolutePath().toString(),
                            // No __pycache__ beside the handlers: src/main/resources is packaged into the jar.
                            "PYTHONDONTWRITEBYTECODE", "1"),
                    () -> {
                        writePatternsAndHandlers();
                        return null;
                    },
                    "-c",
                    "import sys, boto3, botocore, moto, pytest; "
                            + "sys.exit(pytest.main(['-p', 'no:cacheprovider', '-q', '-rfE', 'src/test/python']))");
        }
        return pytest;
    }

    /**
     * Synthesizes a monitor with every rule and writes its event patterns, with the cluster's literal name; and the
     * inline code of every handler function exactly as the templates hold it, so that pytest runs what is deployed.
     */
    private static void writePatternsAndHandlers() throws IOException {
        Stack stack = new Stack(
                TestApps.app(),
                "PatternStack",
                StackProps.builder()
                        .env(Environment.builder()
                                .account(MOTO_ACCOUNT)
                                .region(TestApps.REGION)
                                .build())
                        .build());
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        EncryptedCluster cluster = EncryptedCluster.Builder.create(stack, "Cluster")
                .vpc(vpc)
                .clusterName("monitored")
                .build();
        RuntimeMonitoring m = RuntimeMonitoring.Builder.create(stack, "Monitoring")
                .cluster(cluster)
                .isolateTasks(true)
                .build();
        Template template = Template.fromStack(stack);
        JsonNode resources = JSON.valueToTree(template.toJSON()).get("Resources");
        String clusterId = stack.getLogicalId((software.amazon.awscdk.CfnElement)
                cluster.getCluster().getNode().getDefaultChild());
        ObjectNode out = JSON.createObjectNode();
        out.put("clusterName", cluster.getClusterName());
        out.put("account", MOTO_ACCOUNT);
        for (Map.Entry<String, software.amazon.awscdk.services.events.Rule> rule : Map.of(
                        "finding",
                        m.getFindingRule(),
                        "attackSequence",
                        m.getAttackSequenceRule(),
                        "isolation",
                        m.getIsolationRule(),
                        "coverageUnhealthy",
                        m.getCoverageUnhealthyRule())
                .entrySet()) {
            String id = stack.getLogicalId((software.amazon.awscdk.CfnElement)
                    rule.getValue().getNode().getDefaultChild());
            JsonNode pattern = resources.get(id).get("Properties").get("EventPattern");
            out.set(
                    rule.getKey(),
                    literal(
                            pattern,
                            clusterId,
                            cluster.getClusterName(),
                            "arn:aws:ecs:" + TestApps.REGION + ":" + MOTO_ACCOUNT + ":cluster/"
                                    + cluster.getClusterName()));
        }
        Files.createDirectories(PATTERNS.getParent());
        Files.writeString(PATTERNS, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));

        // The endpoint cleanup exists only without the construct's own endpoint: a second app.
        Stack cleanupStack = new Stack(
                TestApps.app(),
                "CleanupStack",
                StackProps.builder()
                        .env(Environment.builder()
                                .account(MOTO_ACCOUNT)
                                .region(TestApps.REGION)
                                .build())
                        .build());
        Vpc cleanupVpc =
                Vpc.Builder.create(cleanupStack, "Vpc").maxAzs(2).natGateways(1).build();
        RuntimeMonitoring cleanup = RuntimeMonitoring.Builder.create(cleanupStack, "Monitoring")
                .cluster(EncryptedCluster.Builder.create(cleanupStack, "Cluster")
                        .vpc(cleanupVpc)
                        .build())
                .dataEndpoint(false)
                .build();
        JsonNode cleanupResources =
                JSON.valueToTree(Template.fromStack(cleanupStack).toJSON()).get("Resources");

        Files.createDirectories(HANDLERS);
        Map<String, JsonNode> functions = Map.of(
                "detector_features.py", function(stack, resources, m, "DetectorFunction"),
                "isolate_task.py", function(stack, resources, m, "IsolationFunction"),
                "endpoint_cleanup.py", function(cleanupStack, cleanupResources, cleanup, "EndpointCleanupFunction"));
        for (Map.Entry<String, JsonNode> f : functions.entrySet()) {
            Files.writeString(
                    HANDLERS.resolve(f.getKey()),
                    f.getValue().get("Code").get("ZipFile").asText());
        }
        // The isolation function's environment as synthesized, without the values CloudFormation resolves (the
        // tests pass moto's cluster ARN and VPC id).
        ObjectNode environment = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> v : functions
                .get("isolate_task.py")
                .get("Environment")
                .get("Variables")
                .properties()) {
            if (v.getValue().isTextual()) {
                environment.set(v.getKey(), v.getValue());
            }
        }
        Files.writeString(
                HANDLERS.resolve("isolate_task.env.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(environment));
    }

    /** @return the synthesized properties of the monitor's function {@code id} */
    private static JsonNode function(
            final Stack stack, final JsonNode resources, final RuntimeMonitoring monitor, final String id) {
        String logicalId = stack.getLogicalId((software.amazon.awscdk.CfnElement)
                monitor.getNode().findChild(id).getNode().getDefaultChild());
        return resources.get(logicalId).get("Properties");
    }

    /**
     * @return the pattern with the cluster's {@code Ref} and {@code Fn::GetAtt Arn} replaced by its name and ARN, as
     *         CloudFormation resolves them
     */
    private static JsonNode literal(final JsonNode node, final String clusterId, final String name, final String arn) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Ref")) {
                assertThat(node.get("Ref").asText()).isEqualTo(clusterId);
                return JSON.getNodeFactory().textNode(name);
            }
            if (node.size() == 1 && node.has("Fn::GetAtt")) {
                assertThat(node.get("Fn::GetAtt").toString()).isEqualTo("[\"" + clusterId + "\",\"Arn\"]");
                return JSON.getNodeFactory().textNode(arn);
            }
            ObjectNode copy = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), literal(field.getValue(), clusterId, name, arn));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(literal(item, clusterId, name, arn)));
            return copy;
        }
        return node;
    }
}
