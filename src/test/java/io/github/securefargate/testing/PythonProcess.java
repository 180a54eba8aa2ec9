package io.github.securefargate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code python3} process of the test suite, started without waiting (see {@link StartPythonTestsEarly}) and awaited
 * by the test that needs its result. Its standard output goes to a file and its standard error to a log (the same
 * file when both are the same path), so that a long report never blocks it on a full pipe. A missing python3 fails
 * the test that needs it; nothing is skipped.
 */
public final class PythonProcess {
    private final Process process;
    private final Path log;
    private final String what;

    private PythonProcess(final Process process, final Path log, final String what) {
        this.process = process;
        this.log = log;
        this.what = what;
    }

    /**
     * @param what        what the process is, for failure messages
     * @param requirement what must be installed, for the message when python3 cannot be started
     * @param stdout      file for the standard output
     * @param log         file for the standard error (may be {@code stdout})
     * @param environment variables added to the environment
     * @param args        arguments of python3
     * @return the running process
     */
    public static PythonProcess start(
            final String what,
            final String requirement,
            final Path stdout,
            final Path log,
            final Map<String, String> environment,
            final String... args) {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile());
        if (log.equals(stdout)) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(log.toFile());
        }
        pb.environment().putAll(environment);
        try {
            Files.createDirectories(stdout.toAbsolutePath().getParent());
            return new PythonProcess(pb.start(), log, what);
        } catch (IOException e) {
            throw new AssertionError("cannot run python3 for " + what + " (" + e.getMessage() + "); " + requirement, e);
        }
    }

    /**
     * Waits for the process and fails with its log unless it exited with 0 in time.
     *
     * @param minutes how long to wait
     * @return the log
     */
    public String awaitSuccess(final long minutes) throws IOException, InterruptedException {
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly(); // a hung pytest or moto must not outlive the build
            throw new AssertionError(what + " did not finish within " + minutes + " minutes; output so far:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as("%s failed; output:%n%s", what, output)
                .isZero();
        return output;
    }
}
