package io.github.securefargate.testing;

import io.github.securefargate.examples.ExampleApp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The example app, synthesized once per JVM (with the cdk-nag packs applied, as `cdk synth` does) and shared by the
 * snapshot, compliance and example tests.
 */
public final class ExampleAppFixture {
    private static ExampleAppFixture instance;

    private final App app;
    private final List<Stack> stacks;
    private final Map<String, Template> templates = new LinkedHashMap<>();

    private ExampleAppFixture() {
        this.app = TestApps.app();
        ExampleApp.build(app);
        this.stacks = Collections.unmodifiableList(findStacks(app));
        for (Stack stack : stacks) {
            templates.put(stack.getArtifactId(), Template.fromStack(stack));
        }
    }

    /** @return the shared fixture, synthesized on first use */
    public static synchronized ExampleAppFixture get() {
        if (instance == null) {
            instance = new ExampleAppFixture();
        }
        return instance;
    }

    /** @return every stack of the app, including stacks inside Stages (pipeline stages), in tree order */
    public List<Stack> stacks() {
        return stacks;
    }

    /** @return templates by artifact id (stage-qualified for stacks inside Stages) */
    public Map<String, Template> templates() {
        return templates;
    }

    /** @return the template of the stack with this artifact id */
    public Template template(final String artifactId) {
        Template t = templates.get(artifactId);
        if (t == null) {
            throw new IllegalArgumentException("No example stack " + artifactId + "; have " + templates.keySet());
        }
        return t;
    }

    /** @return the stack with this artifact id */
    public Stack stack(final String artifactId) {
        return stacks.stream()
                .filter(s -> s.getArtifactId().equals(artifactId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No example stack " + artifactId));
    }

    /** @return the app */
    public App app() {
        return app;
    }

    private static List<Stack> findStacks(final IConstruct root) {
        List<Stack> found = new ArrayList<>();
        for (IConstruct c : root.getNode().findAll()) {
            if (c instanceof Stack) {
                found.add((Stack) c);
            }
        }
        return found;
    }

    /** @return every Stage under the app (CDK Pipelines stages), excluding the app itself */
    public List<Stage> stages() {
        List<Stage> found = new ArrayList<>();
        for (IConstruct c : app.getNode().findAll()) {
            if (c instanceof Stage && c != app) {
                found.add((Stage) c);
            }
        }
        return found;
    }
}
