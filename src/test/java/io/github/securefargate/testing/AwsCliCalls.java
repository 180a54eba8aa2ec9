package io.github.securefargate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The AWS CLI calls a pipeline step made against a stand-in {@code aws}, checked against botocore's service models
 * (the models the AWS CLI is built from) by {@code aws/cli_calls.py}: every operation, parameter and {@code --query}
 * path must be one the real CLI knows, with botocore's own parameter validation. A stand-in answers from files, so
 * this check is what keeps a misspelled operation or a missing required parameter from passing. Needs python3 with
 * botocore and fails without them.
 */
public final class AwsCliCalls {
    /** The line of a stand-in {@code aws} script that appends the call it got to {@code $FAKE_CALLS}. */
    public static final String LOG_CALL =
            "printf '%s\\037' \"$@\" >> \"$FAKE_CALLS\"; printf '\\036' >> \"$FAKE_CALLS\"";

    private AwsCliCalls() {}

    /**
     * @param dir a directory the test owns (JUnit's {@code @TempDir}): the log and the check's report go there
     * @return a new, empty log for {@link #LOG_CALL}; a test class shares one and checks it once, after its tests
     *     ({@link #assertValid}), because each check starts python3 and loads botocore's models
     */
    public static Path newLog(final Path dir) throws IOException {
        return Files.writeString(dir.resolve("aws-cli-calls.log"), "");
    }

    /**
     * Runs {@code step}, which makes calls to a stand-in {@code aws} that logs them to {@code log}, and fails unless it
     * logged at least one (a stand-in that does not log would leave {@link #assertValid} nothing to check).
     *
     * @return what {@code step} returned
     */
    public static <T> T logged(final Path log, final Callable<T> step) throws Exception {
        long before = Files.size(log);
        T result = step.call();
        assertThat(Files.size(log))
                .as("bytes the stand-in aws logged to " + log)
                .isGreaterThan(before);
        return result;
    }

    /**
     * Fails unless every call in {@code log} is one the real CLI would send. An empty log (no test of the class ran a
     * step, as when one other test is run alone) has nothing to check: each step run already fails when its stand-in
     * logged nothing ({@link #logged}).
     */
    public static void assertValid(final Path log) throws IOException, InterruptedException {
        if (Files.size(log) == 0) {
            return;
        }
        Path report = log.resolveSibling("aws-cli-calls-report.txt");
        PythonProcess.start(
                        "the AWS CLI call check",
                        "it needs python3 with botocore",
                        report,
                        log.resolveSibling("aws-cli-calls-stderr.txt"), // a Python warning is not a rejected call
                        Map.of(),
                        script().toString(),
                        log.toString())
                .awaitSuccess(1);
        assertThat(Files.readString(report, StandardCharsets.UTF_8).strip())
                .as("AWS CLI calls that the CLI's service models reject")
                .isEmpty();
    }

    /** What a step run gave: its exit code and its output (standard output and error). */
    public record StepRun(int exitCode, String output) {}

    /**
     * Runs a CodeBuild step's {@code commands} as CodeBuild runs a build phase: in one {@code sh}, in order, stopping at
     * the first command that fails (killed after two minutes), in {@code dir}, with a stand-in {@code aws} first on
     * the {@code PATH} that logs each call to {@code log} ({@link #LOG_CALL}) and answers with {@code cases}, the arms
     * of a {@code case "$1 $2" in} (any other call exits 4). Fails unless the step made at least one call.
     *
     * @param environment further variables for the stand-in and the step
     */
    public static StepRun runStep(
            final Path dir,
            final List<String> cases,
            final List<String> commands,
            final Map<String, String> environment,
            final Path log)
            throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        List<String> aws = new ArrayList<>(List.of("#!/usr/bin/env bash", LOG_CALL, "case \"$1 $2\" in"));
        aws.addAll(cases);
        aws.addAll(List.of("  *) exit 4 ;;", "esac", ""));
        Path script = Files.writeString(bin.resolve("aws"), String.join("\n", aws));
        assertThat(script.toFile().setExecutable(true)).isTrue();
        StringBuilder phase = new StringBuilder();
        for (String command : commands) {
            phase.append(command).append("\nstatus=$?; [ \"$status\" -eq 0 ] || exit \"$status\"\n");
        }
        ProcessBuilder pb = new ProcessBuilder("timeout", "120", "sh", "-c", phase.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(environment);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_CALLS", log.toString());
        return logged(log, () -> {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new StepRun(p.waitFor(), output);
        });
    }

    private static Path script() {
        try {
            return Path.of(AwsCliCalls.class.getResource("/aws/cli_calls.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
