package io.github.securefargate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.securefargate.examples.ToolchainStack;
import io.github.securefargate.testing.ExampleAppFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.pipelines.CodeBuildStep;

/**
 * The pipeline rebuilds itself (UpdatePipeline) from what its synth step synthesizes. The CDK CLI gives the app the
 * context of {@code cdk.json}, {@code cdk.context.json}, {@code ~/.cdk.json} and {@code -c} flags; the pipeline's synth
 * runs in a checkout of the repository, so it has the two committed files and the {@code -c} flags of its own commands,
 * never those typed by hand or kept in a home directory. The context the README's by-hand deploy and synth commands
 * give the app must therefore equal what the synth step gives it, or self-mutation deploys another pipeline.
 */
class PipelineSynthContextTest {
    private static final Pattern CONTEXT_FLAG = Pattern.compile("(?:^|\\s)(?:-c|--context)[ =](\\S+?)=(\\S+)");
    private static final String DEPLOY_SECTION = "### Deploy on real accounts, in order";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> committedContext() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> context = new LinkedHashMap<>((Map<String, Object>)
                json.readValue(Path.of("cdk.json").toFile(), Map.class).get("context"));
        context.putAll(json.readValue(Path.of("cdk.context.json").toFile(), Map.class));
        return context;
    }

    private static Map<String, Object> withFlags(final Map<String, Object> base, final List<String> commands) {
        Map<String, Object> context = new LinkedHashMap<>(base);
        for (String command : commands) {
            Matcher m = CONTEXT_FLAG.matcher(command);
            while (m.find()) {
                context.put(m.group(1), m.group(2));
            }
        }
        return context;
    }

    /** The CDK CLI commands of the README's deploy section that synthesize the toolchain (synth, deploy). */
    private static List<String> readmeCommands() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(DEPLOY_SECTION);
        assertThat(start).as("README section %s", DEPLOY_SECTION).isNotNegative();
        int end = readme.indexOf("\n### ", start + DEPLOY_SECTION.length());
        String section =
                readme.substring(start, end < 0 ? readme.length() : end).replace("\\\n", " ");
        List<String> commands = new ArrayList<>();
        for (String line : section.split("\n")) {
            Matcher m = Pattern.compile("(npx cdk (?:synth|deploy)[^`]*)").matcher(line);
            while (m.find()) {
                commands.add(m.group(1).trim());
            }
        }
        return commands;
    }

    @Test
    void thePipelinesSynthSeesTheContextOfTheDocumentedLocalSynth() throws IOException {
        List<String> local = readmeCommands();
        assertThat(local)
                .as("the README's deploy section deploys the toolchain by hand")
                .anySatisfy(c -> assertThat(c).startsWith("npx cdk deploy Toolchain"));
        CodeBuildStep synth =
                (CodeBuildStep) ((ToolchainStack) ExampleAppFixture.get().stack("Toolchain"))
                        .getToolchain()
                        .getPipeline()
                        .getSynth();
        List<String> pipeline = synth.getCommands();
        assertThat(pipeline).anySatisfy(c -> assertThat(c).contains("cdk synth"));

        Map<String, Object> committed = committedContext();
        assertThat(differences(withFlags(committed, local), withFlags(committed, pipeline)))
                .as("context the pipeline's synth does not see as the README's local commands do")
                .isEmpty();
    }

    private static List<String> differences(final Map<String, Object> local, final Map<String, Object> pipeline) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(local.keySet());
        keys.addAll(pipeline.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(local.get(key), pipeline.get(key))) {
                out.add(key + ": local synth " + local.get(key) + ", pipeline synth " + pipeline.get(key));
            }
        }
        return out;
    }
}
