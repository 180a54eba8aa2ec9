package io.github.securefargate.guardduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.securefargate.cluster.EncryptedCluster;
import io.github.securefargate.testing.TestApps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;

/**
 * Runs the pytest suite in {@code src/test/python}: the construct's real Lambda handlers against moto ({@code mock_aws},
 * real botocore validation), and the event patterns this construct synthesizes against moto's EventBridge. Part of
 * {@code mvn verify}; it fails, never skips, when python3, pytest, boto3 or moto is missing.
 */
class HandlersAgainstMotoTest {
    /** moto's default account: the patterns are synthesized for it so that moto's EventBridge matches them. */
    static final String MOTO_ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PATTERNS = Path.of("target", "guardduty", "event-patterns.json");

    @Test
    void handlersAndEventPatternsPassTheirMotoTests() throws Exception {
        writePatterns();
        run(List.of("python3", "-c", "import boto3, botocore, moto, pytest"),
                "python3 with boto3, botocore, moto and pytest is required to test the GuardDuty handlers "
                        + "(pip install boto3 moto pytest)");
        run(List.of("python3", "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfE", "src/test/python"),
                "pytest src/test/python failed");
    }

    /** Synthesizes a monitor with every rule and writes its event patterns, with the cluster's literal name. */
    private static void writePatterns() throws IOException {
        Stack stack = new Stack(TestApps.app(), "PatternStack", StackProps.builder()
                .env(Environment.builder().account(MOTO_ACCOUNT).region(TestApps.REGION).build()).build());
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        EncryptedCluster cluster = EncryptedCluster.Builder.create(stack, "Cluster").vpc(vpc)
                .clusterName("monitored").build();
        RuntimeMonitoring m = RuntimeMonitoring.Builder.create(stack, "Monitoring").cluster(cluster)
                .isolateTasks(true).build();
        Template template = Template.fromStack(stack);
        JsonNode resources = JSON.valueToTree(template.toJSON()).get("Resources");
        String clusterId = stack.getLogicalId((software.amazon.awscdk.CfnElement) cluster.getCluster().getNode()
                .getDefaultChild());
        ObjectNode out = JSON.createObjectNode();
        out.put("clusterName", cluster.getClusterName());
        out.put("account", MOTO_ACCOUNT);
        for (Map.Entry<String, software.amazon.awscdk.services.events.Rule> rule : Map.of(
                "finding", m.getFindingRule(), "attackSequence", m.getAttackSequenceRule(),
                "isolation", m.getIsolationRule(), "coverageUnhealthy", m.getCoverageUnhealthyRule()).entrySet()) {
            String id = stack.getLogicalId((software.amazon.awscdk.CfnElement) rule.getValue().getNode()
                    .getDefaultChild());
            JsonNode pattern = resources.get(id).get("Properties").get("EventPattern");
            out.set(rule.getKey(), literal(pattern, clusterId, cluster.getClusterName(),
                    "arn:aws:ecs:" + TestApps.REGION + ":" + MOTO_ACCOUNT + ":cluster/" + cluster.getClusterName()));
        }
        Files.createDirectories(PATTERNS.getParent());
        Files.writeString(PATTERNS, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
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
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
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

    private static void run(final List<String> command, final String failure) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        pb.environment().put("GUARDDUTY_PATTERNS", PATTERNS.toAbsolutePath().toString());
        // No __pycache__ beside the handlers: src/main/resources is packaged into the jar.
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(failure + ": cannot run " + command.get(0) + " (" + e.getMessage() + ")", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("pytest finished in time").isTrue();
        System.out.println(output);
        assertThat(p.exitValue()).as(failure + "; output:%n%s", output).isZero();
    }
}
