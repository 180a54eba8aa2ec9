package io.github.securefargate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.NagPack;
import io.github.securefargate.internal.Nag;
import io.github.securefargate.testing.ExampleAppFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;
import software.constructs.IConstruct;

/**
 * Holds every example stack, including the stacks inside pipeline Stages, to cdk-nag's AwsSolutions, NIST 800-53 rev 5,
 * HIPAA Security and PCI DSS 3.2.1 packs: zero unsuppressed errors and warnings, and every suppression has a reason.
 */
// A stack artifact's messages are SynthesisMessage, which aws-cdk-lib marks deprecated and offers no successor for.
@SuppressWarnings("deprecation")
class ComplianceTest {
    /** A pack finding, as {@code Match.stringLikeRegexp} matches it (anywhere, {@code ^} at any line start). */
    private static final Pattern PACK_FINDING = Pattern.compile(
            "^(AwsSolutions|NIST\\.800\\.53\\.R5|HIPAA\\.Security|PCI\\.DSS\\.321)-.*", Pattern.MULTILINE);

    private static final List<String> PACKS =
            List.of("AwsSolutions", "NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321");

    private static ExampleAppFixture fixture;

    @BeforeAll
    static void synthesize() {
        fixture = ExampleAppFixture.get();
    }

    @Test
    void everyStackHasNoUnsuppressedNagErrors() {
        assertThat(findings(SynthesisMessageLevel.ERROR))
                .as("unsuppressed cdk-nag errors")
                .isEmpty();
    }

    @Test
    void everyStackHasNoUnsuppressedNagWarnings() {
        assertThat(findings(SynthesisMessageLevel.WARNING))
                .as("unsuppressed cdk-nag warnings")
                .isEmpty();
    }

    /**
     * The pack findings of {@code level} of every stack, read from the fixture's cloud assembly (the messages
     * {@code Annotations.fromStack} reads, without the full synthesis it forces for every stack).
     */
    private static List<String> findings(final SynthesisMessageLevel level) {
        List<String> findings = new ArrayList<>();
        CloudAssembly assembly = fixture.app().synth();
        for (Stack stack : fixture.stacks()) {
            for (SynthesisMessage m :
                    assembly.getStackArtifact(stack.getArtifactId()).getMessages()) {
                if (m.getLevel() == level
                        && PACK_FINDING
                                .matcher(String.valueOf(m.getEntry().getData()))
                                .find()) {
                    findings.add(stack.getArtifactId() + " " + m.getId() + ": " + firstLine(m));
                }
            }
        }
        return findings;
    }

    @Test
    void packsAreAppliedToTheAppAndToEveryStage() {
        List<Stage> scopes = new ArrayList<>(fixture.stages());
        scopes.add(fixture.app());
        for (Stage scope : scopes) {
            List<String> packs = Aspects.of(scope).getAll().stream()
                    .filter(a -> a instanceof NagPack)
                    .map(a -> ((NagPack) a).getReadPackName())
                    .collect(Collectors.toList());
            assertThat(packs)
                    .as(
                            "cdk-nag packs on %s",
                            scope.getNode().getPath().isEmpty()
                                    ? "the app"
                                    : scope.getNode().getPath())
                    .containsExactlyInAnyOrderElementsOf(PACKS);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySuppressionCarriesASpecificReason() {
        Map<String, Integer> byRule = new TreeMap<>();
        int total = 0;
        for (Stack stack : fixture.stacks()) {
            List<Object> rules = new ArrayList<>();
            Map<String, Object> stackMetadata = stack.getTemplateOptions().getMetadata();
            if (stackMetadata != null && stackMetadata.get(Nag.METADATA_KEY) instanceof Map) {
                rules.addAll(
                        (List<Object>) ((Map<String, Object>) stackMetadata.get(Nag.METADATA_KEY)).get(Nag.RULES_KEY));
            }
            for (IConstruct c : stack.getNode().findAll()) {
                if (c instanceof CfnResource && Stack.of(c) == stack) {
                    Object md = ((CfnResource) c).getMetadata(Nag.METADATA_KEY);
                    if (md instanceof Map && ((Map<String, Object>) md).get(Nag.RULES_KEY) instanceof List) {
                        rules.addAll((List<Object>) ((Map<String, Object>) md).get(Nag.RULES_KEY));
                    }
                }
            }
            for (Object r : rules) {
                Map<String, Object> rule = (Map<String, Object>) r;
                String reason = String.valueOf(rule.get("reason"));
                assertThat(reason)
                        .as("reason of %s in %s", rule.get("id"), stack.getArtifactId())
                        .hasSizeGreaterThanOrEqualTo(30);
                byRule.merge(String.valueOf(rule.get("id")), 1, Integer::sum);
                total++;
            }
        }
        System.out.println("cdk-nag suppressions in the example app: " + total + " " + byRule);
        assertThat(total).as("suppressions are counted").isPositive();
    }

    private static String firstLine(final SynthesisMessage m) {
        String text = String.valueOf(m.getEntry().getData());
        int cut = text.indexOf(" - (");
        return cut > 0 ? text.substring(0, cut) : text.length() > 200 ? text.substring(0, 200) : text;
    }
}
