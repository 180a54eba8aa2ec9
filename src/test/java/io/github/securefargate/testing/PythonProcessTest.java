package io.github.securefargate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The build-wide Python runs that surefire's forks share. A second {@link PythonProcess#shared} call for the same name
 * takes the path of a fork that finds the run started: it reads the run's files, it does not hold the process.
 */
class PythonProcessTest {
    private static final String REQUIREMENT = "python3 is required for this check";

    /** @return a run name of its own, so that no test finds another's run started */
    private static String name() {
        return "python-process-test-" + UUID.randomUUID();
    }

    @Test
    void aSharedRunIsPreparedAndStartedOnceAndEveryCallerGetsItsOutput() throws Exception {
        String name = name();
        AtomicInteger prepared = new AtomicInteger();
        PythonProcess first = PythonProcess.shared(
                name,
                true,
                "the greeting",
                REQUIREMENT,
                Map.of("GREETING", "hello"),
                prepared::incrementAndGet,
                "-c",
                "import os; print(os.environ['GREETING'])");
        PythonProcess second = PythonProcess.shared(
                name, true, "the greeting", REQUIREMENT, Map.of(), prepared::incrementAndGet, "-c", "print('other')");

        assertThat(second.awaitSuccess(1)).isEqualTo("hello\n");
        assertThat(first.awaitSuccess(1)).isEqualTo("hello\n");
        assertThat(prepared).hasValue(1);
        assertThat(first.output()).isEqualTo(second.output());
    }

    @Test
    void aFailedRunFailsEveryCallerWithItsExitCodeItsErrorsAndTheRequirement() {
        String name = name();
        PythonProcess first = PythonProcess.shared(
                name,
                false,
                "the failing check",
                REQUIREMENT,
                Map.of(),
                () -> null,
                "-c",
                "import sys; sys.stderr.write('no module named moto'); sys.exit(3)");
        PythonProcess second =
                PythonProcess.shared(name, false, "the failing check", REQUIREMENT, Map.of(), () -> null);

        for (PythonProcess run : new PythonProcess[] {first, second}) {
            assertThatThrownBy(() -> run.awaitSuccess(1))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContainingAll(
                            "the failing check failed (exit code 3", REQUIREMENT, "no module named moto");
        }
    }

    @Test
    void whateverStopsTheStartFailsEveryCallerInsteadOfLeavingThemWaiting() {
        for (Throwable cause : new Throwable[] {
            new IllegalStateException("the handlers could not be written"),
            new ExceptionInInitializerError("a class of the fixture failed to load")
        }) {
            String name = name();
            PythonProcess first = PythonProcess.shared(
                    name,
                    true,
                    "pytest",
                    REQUIREMENT,
                    Map.of(),
                    () -> {
                        if (cause instanceof Error error) {
                            throw error;
                        }
                        throw (Exception) cause;
                    },
                    "-c",
                    "print('never run')");
            PythonProcess second = PythonProcess.shared(name, true, "pytest", REQUIREMENT, Map.of(), () -> null);

            for (PythonProcess run : new PythonProcess[] {first, second}) {
                assertThatThrownBy(() -> run.awaitSuccess(1))
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContainingAll("the start of pytest failed", cause.toString())
                        .hasMessageNotContaining("never run");
            }
        }
    }

    @Test
    void aWaiterStopsWaitingWhenTheRunsOwnerIsGoneWithoutAnExitCode() throws Exception {
        Process killed = new ProcessBuilder("sleep", "60").start();
        String start = killed.info().startInstant().orElseThrow().toString();
        killed.destroyForcibly();
        killed.waitFor();
        ProcessHandle self = ProcessHandle.current();
        Map<String, String> owners = Map.of(
                "sh " + killed.pid() + " " + start, "sh killed before it wrote the exit code",
                "jvm " + self.pid() + " 2000-01-01T00:00:00Z", "a pid reused by another process since the marker");
        for (String owner : owners.keySet()) {
            String name = name();
            Files.createDirectories(PythonProcess.runDirectory());
            Files.writeString(PythonProcess.runDirectory().resolve(name + ".started"), owner + "\n");
            PythonProcess waiter = PythonProcess.shared(name, true, "pytest", REQUIREMENT, Map.of(), () -> null);

            assertThatThrownBy(() -> waiter.awaitSuccess(1))
                    .as(owners.get(owner))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("pytest ended without an exit code (its owner, " + owner + ", is gone)");
        }
    }

    @Test
    void aMissingPython3FailsWithTheRequirementNotAHang() {
        PythonProcess run = PythonProcess.shared(
                name(), true, "the check", REQUIREMENT, Map.of("PATH", "/nonexistent"), () -> null, "-c", "pass");

        assertThatThrownBy(() -> run.awaitSuccess(1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("the check failed (exit code 127", REQUIREMENT, "python3: not found");
    }
}
