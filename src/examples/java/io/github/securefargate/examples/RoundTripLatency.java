package io.github.securefargate.examples;

import java.util.Arrays;
import software.amazon.awscdk.Token;

/**
 * Prints how long one jsii round trip takes on this machine right now, for {@code scripts/benchmark.sh}: the median of
 * batches of {@code Token.isUnresolved} calls (one request, no work in JavaScript) after a warm-up. The library's synth
 * cost is mostly round trips, so this number says how fast the host is while the figures are measured; it moves with
 * the host's load and scheduling, not with this project's code.
 */
public final class RoundTripLatency {
    private static final int WARM_UP = 2000;
    private static final int BATCHES = 10;
    private static final int BATCH = 500;

    private RoundTripLatency() {}

    /** Entry point. */
    public static void main(final String[] args) {
        for (int i = 0; i < WARM_UP; i++) {
            Token.isUnresolved("warm-up-" + i);
        }
        double[] millis = new double[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < BATCH; i++) {
                Token.isUnresolved("batch-" + b + "-" + i);
            }
            millis[b] = (System.nanoTime() - start) / 1e6 / BATCH;
        }
        Arrays.sort(millis);
        System.out.printf("%.3f%n", (millis[BATCHES / 2 - 1] + millis[BATCHES / 2]) / 2);
    }
}
