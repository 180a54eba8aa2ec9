package io.github.securefargate.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.securefargate.testing.ExampleAppFixture;
import io.github.securefargate.testing.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awscdk.assertions.Template;

/**
 * Compares every example stack's normalized template with its committed snapshot. Update with
 * {@code mvn test -Dsnapshot.update=true} and review the diff.
 */
class ExampleSnapshotTest {

    @TestFactory
    Stream<DynamicTest> everyExampleStackMatchesItsSnapshot() {
        Map<String, Template> templates = ExampleAppFixture.get().templates();
        return templates.entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    String actual = Snapshots.normalize(e.getValue().toJSON());
                    String expected = Snapshots.read(e.getKey());
                    if (Snapshots.updating()) {
                        if (!actual.equals(expected)) {
                            Snapshots.write(e.getKey(), actual);
                        }
                        return;
                    }
                    if (expected == null) {
                        fail("No snapshot for " + e.getKey() + " at " + Snapshots.file(e.getKey())
                                + ". Run `mvn test -D" + Snapshots.UPDATE_PROPERTY + "=true`, review and commit it.");
                    }
                    assertThat(actual)
                            .as(
                                    "Template of %s differs from %s. If the change is intended, run `mvn test -D%s=true`, "
                                            + "review the diff and commit it.",
                                    e.getKey(), Snapshots.file(e.getKey()), Snapshots.UPDATE_PROPERTY)
                            .isEqualTo(expected);
                }));
    }

    @Test
    void everySnapshotBelongsToAnExampleStack() throws IOException {
        if (Snapshots.updating()) {
            // Remove snapshots of stacks that no longer exist.
            try (Stream<java.nio.file.Path> files = Files.list(Snapshots.DIRECTORY)) {
                for (java.nio.file.Path f : files.collect(Collectors.toList())) {
                    String id = f.getFileName().toString().replace(".template.json", "");
                    if (!ExampleAppFixture.get().templates().containsKey(id)) {
                        Files.delete(f);
                    }
                }
            }
        }
        List<String> orphans;
        try (Stream<java.nio.file.Path> files = Files.list(Snapshots.DIRECTORY)) {
            orphans = files.map(f -> f.getFileName().toString().replace(".template.json", ""))
                    .filter(id -> !ExampleAppFixture.get().templates().containsKey(id))
                    .collect(Collectors.toList());
        }
        assertThat(orphans).as("snapshots without an example stack").isEmpty();
    }
}
