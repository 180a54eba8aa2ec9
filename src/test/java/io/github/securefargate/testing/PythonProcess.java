package io.github.securefargate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code python3} process of the test suite, started without waiting (see {@link StartPythonTestsEarly}) and awaited
 * by the test that needs its result. Its standard output goes to a file and its standard error to a log (the same
 * file when both are the same path), so that a long report never blocks it on a full pipe. A missing python3 fails
 * the test that needs it; nothing is skipped.
 *
 * <p>A {@linkplain #shared shared} run belongs to the whole build rather than to one JVM: surefire runs the suite in
 * several forks, and the first fork that asks for the run starts it; every fork awaits the same run through its files
 * (output, log and exit code), even after the fork that started it has exited. A shared run needs {@code sh} besides
 * python3, and its files stay in {@code target/test-run} (a directory per build).
 */
public final class PythonProcess {
    /** Set by the pom for surefire's forks: one value per {@code mvn} invocation (its build timestamp). */
    static final String RUN_PROPERTY = "securefargate.testRun";

    private static final long POLL_MILLIS = 50;
    /** A run's marker names its owner: the JVM that prepares it, then the {@code sh} that runs python3. */
    private static final String OWNER_JVM = "jvm";

    private static final String OWNER_SH = "sh";
    /** How long a marker may stay without its owner: the owner writes it right after creating it. */
    private static final long UNNAMED_SECONDS = 10;
    /** The run directory of a JVM outside surefire (an IDE): its own, new on every start. */
    private static final String OWN_RUN = "jvm-" + UUID.randomUUID();

    private static boolean pruned;

    /** The process when this JVM started it; {@code null} when another JVM of the build did. */
    private final Process process;

    private final Path output;
    private final Path log;
    /** The file the run's exit code is written to when it ends; {@code null} for a process of this JVM alone. */
    private final Path exitCode;

    private final String what;
    private final String requirement;

    private PythonProcess(
            final Process process,
            final Path output,
            final Path log,
            final Path exitCode,
            final String what,
            final String requirement) {
        this.process = process;
        this.output = output;
        this.log = log;
        this.exitCode = exitCode;
        this.what = what;
        this.requirement = requirement;
    }

    /**
     * Starts python3 for this JVM alone.
     *
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
        return new PythonProcess(
                launch(command, stdout, log, environment, what, requirement), stdout, log, null, what, requirement);
    }

    /**
     * The python3 run {@code name} of this build, shared by every test JVM of it. The first JVM to ask runs {@code
     * prepare} (on the calling thread: it may make jsii calls) and starts python3 through {@code sh}, which writes the
     * exit code to a file when python3 ends; a JVM that finds the run started awaits that file. Whatever stops
     * {@code prepare} or the start of {@code sh} is written as the run's log and a non-zero exit code, so that every
     * JVM's test fails with it rather than waiting; a waiter also stops when the process the run's marker names (the
     * preparing JVM, then {@code sh}) is gone without an exit code, and kills a run that outlives its timeout. Its
     * files are {@code <name>.out}, {@code <name>.log} (standard error, or nothing when {@code
     * mergeErrors}) and {@code <name>.exit} in {@link #runDirectory()}.
     *
     * @param name        the run's file name, unique in the suite
     * @param mergeErrors whether standard error goes to the output file (which is then the log)
     * @param what        what the process is, for failure messages
     * @param requirement what must be installed, for the message when the run fails
     * @param environment variables added to the environment
     * @param prepare     what the run needs first (files it reads), done only by the JVM that starts it
     * @param args        arguments of python3
     * @return the run, started by this JVM or another
     */
    public static synchronized PythonProcess shared(
            final String name,
            final boolean mergeErrors,
            final String what,
            final String requirement,
            final Map<String, String> environment,
            final Callable<?> prepare,
            final String... args) {
        Path dir = runDirectory();
        Path output = dir.resolve(name + ".out");
        Path log = mergeErrors ? output : dir.resolve(name + ".log");
        Path exitCode = dir.resolve(name + ".exit");
        Path started = dir.resolve(name + ".started");
        try {
            pruneOnce(dir);
            Files.createDirectories(dir);
            Files.createFile(started); // atomic: exactly one JVM of the build gets here
        } catch (FileAlreadyExistsException e) {
            return new PythonProcess(null, output, log, exitCode, what, requirement);
        } catch (IOException e) {
            throw new AssertionError("cannot create the run files of " + what + " in " + dir + ": " + e, e);
        }
        // sh runs python3, then writes its exit code with one write of a builtin (no further command, so a PATH the
        // caller changed cannot stop it), so that a reader sees the file empty or whole; a missing python3 is sh's
        // "not found" in the log and exit code 127.
        List<String> command =
                new ArrayList<>(List.of("sh", "-c", "python3 \"$@\"; echo $? >\"$PYTHON_RUN_EXIT\"", "python3"));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(environment);
        env.put("PYTHON_RUN_EXIT", exitCode.toAbsolutePath().toString());
        Process process = null;
        try {
            // The marker names the process that will write the exit code, so that a waiter stops when it is gone:
            // this JVM while it prepares, then sh.
            write(started, marker(OWNER_JVM, ProcessHandle.current()));
            prepare.call();
            process = launch(command, output, log, env, what, requirement);
            write(started, marker(OWNER_SH, process.toHandle()));
            return new PythonProcess(process, output, log, exitCode, what, requirement);
        } catch (Exception | Error e) { // whatever stops the start, every JVM's waiter must hear of it
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            try {
                write(log, "the start of " + what + " failed:\n" + trace);
            } finally {
                if (process == null) { // a started sh writes its own exit code
                    write(exitCode, "1\n");
                }
            }
            return new PythonProcess(process, output, log, exitCode, what, requirement);
        }
    }

    /** @return a marker's content: the owner's kind, pid and start time (so that a reused pid is not taken for it) */
    private static String marker(final String kind, final ProcessHandle owner) {
        return kind + " " + owner.pid() + " "
                + owner.info().startInstant().map(Instant::toString).orElse("-") + "\n";
    }

    /**
     * @return the directory of this build's shared runs: {@code target/test-run/<build timestamp>} in surefire's forks,
     *         else (a test run from an IDE) one of this JVM alone
     */
    public static Path runDirectory() {
        return Path.of("target", "test-run", buildRun().orElse(OWN_RUN));
    }

    /**
     * @return whether this JVM is one of surefire's forks running the whole suite (no {@code -Dtest} selection), whose
     *         shared runs may start before the test classes that need them are handed to a fork. Other selections
     *         ({@code -Dgroups}, an includes file) are not seen: such a run may start a Python run that no test awaits,
     *         which then ends on its own.
     */
    public static boolean wholeSuite() {
        return buildRun().isPresent() && System.getProperty("test", "").isBlank();
    }

    /**
     * Deletes the run directories of earlier builds, last changed over an hour ago (so never those of a build still
     * running), once per JVM. Best effort: the other fork may be deleting the same directory at the same moment, and
     * a directory left behind costs nothing but space, so a failure to delete one is ignored.
     */
    private static void pruneOnce(final Path current) {
        if (pruned) {
            return;
        }
        pruned = true;
        FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (Stream<Path> runs = Files.list(current.getParent())) {
            for (Path run : runs.filter(r -> !r.equals(current)).toList()) {
                try (Stream<Path> files = Files.walk(run)) {
                    if (Files.getLastModifiedTime(run).compareTo(hourAgo) < 0) {
                        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                } catch (IOException | UncheckedIOException e) {
                    // deleted by the other fork meanwhile, or not deletable: left for a later build
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // no earlier runs (target/test-run does not exist yet), or not listable: nothing to prune
        }
    }

    /** @return the build's run id that the pom gives surefire's forks, if this JVM is one */
    private static Optional<String> buildRun() {
        String run = System.getProperty(RUN_PROPERTY, "");
        return run.isBlank() || run.contains("${") ? Optional.empty() : Optional.of(run);
    }

    /** @return the file of the standard output */
    public Path output() {
        return output;
    }

    /**
     * Waits for the process and fails with its log unless it exited with 0 in time.
     *
     * @param minutes how long to wait
     * @return the log
     */
    public String awaitSuccess(final long minutes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        if (process != null && !process.waitFor(minutes, TimeUnit.MINUTES)) {
            kill(process.toHandle()); // a hung pytest or moto must not outlive the build
            throw notInTime(minutes);
        }
        int code;
        if (exitCode == null) {
            code = process.exitValue();
        } else if (process != null) {
            // sh wrote the exit code before it ended, unless a signal ended it first
            String written = read(exitCode);
            code = written.endsWith("\n") ? Integer.parseInt(written.strip()) : process.exitValue();
        } else {
            code = awaitExitCode(minutes, deadline);
        }
        String text = read(log);
        assertThat(code)
                .as("%s failed (exit code %d; %s); output:%n%s", what, code, requirement, text)
                .isZero();
        return text;
    }

    /**
     * Polls the exit-code file of a run this JVM does not hold: one another JVM owns, or one whose start failed here
     * (its exit code is already written).
     */
    private int awaitExitCode(final long minutes, final long deadline) throws IOException, InterruptedException {
        Path started = exitCode.resolveSibling(exitCode.getFileName().toString().replaceFirst("\\.exit$", ".started"));
        long unnamedSince = System.nanoTime();
        String written = read(exitCode);
        while (!written.endsWith("\n")) { // not there yet, or created and not yet written
            if (!Files.exists(started)) {
                throw new AssertionError(what + " has no run files any more (" + started + " is gone: was target/ "
                        + "cleaned during the build?)");
            }
            String[] marker = read(started).strip().split(" ");
            Optional<ProcessHandle> owner = owner(marker);
            if (System.nanoTime() > deadline) {
                if (marker[0].equals(OWNER_SH)) {
                    owner.ifPresent(PythonProcess::kill);
                }
                throw notInTime(minutes);
            }
            boolean named = marker.length == 3;
            if (!named && System.nanoTime() - unnamedSince > TimeUnit.SECONDS.toNanos(UNNAMED_SECONDS)) {
                throw new AssertionError(what + "'s marker " + started + " names no owner after " + UNNAMED_SECONDS
                        + " s; output so far:\n" + read(log));
            }
            if (named && owner.isEmpty()) {
                written = read(exitCode); // it may have written the code just before it ended
                if (!written.endsWith("\n")) {
                    throw new AssertionError(what + " ended without an exit code (its owner, "
                            + String.join(" ", marker) + ", is gone); output so far:\n" + read(log));
                }
                break;
            }
            Thread.sleep(POLL_MILLIS);
            written = read(exitCode);
        }
        return Integer.parseInt(written.strip());
    }

    /** @return the live process a marker names (same pid, same start time); empty when it is gone or not yet named */
    private static Optional<ProcessHandle> owner(final String[] marker) {
        if (marker.length != 3) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(marker[1]))
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info()
                        .startInstant()
                        .map(Instant::toString)
                        .orElse("-")
                        .equals(marker[2]));
    }

    /** Kills python3 under sh first, then sh. */
    private static void kill(final ProcessHandle sh) {
        sh.descendants().forEach(ProcessHandle::destroyForcibly);
        sh.destroyForcibly();
    }

    private AssertionError notInTime(final long minutes) throws IOException {
        return new AssertionError(
                what + " did not finish within " + minutes + " minutes; output so far:\n" + read(log));
    }

    private static Process launch(
            final List<String> command,
            final Path stdout,
            final Path log,
            final Map<String, String> environment,
            final String what,
            final String requirement) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile());
        if (log.equals(stdout)) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(log.toFile());
        }
        pb.environment().putAll(environment);
        try {
            Files.createDirectories(stdout.toAbsolutePath().getParent());
            return pb.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "cannot run " + command.get(0) + " for " + what + " (" + e.getMessage() + "); " + requirement, e);
        }
    }

    private static String read(final Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static void write(final Path file, final String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new AssertionError("cannot write " + file + ": " + e, e);
        }
    }
}
