package io.github.securefargate.bluegreen;

import io.github.securefargate.internal.Shared;
import java.util.Objects;
import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;

/**
 * How ECS moves production traffic from blue to green in a native deployment: all at once ({@code BLUE_GREEN}), in
 * equal linear steps ({@code LINEAR}) or a canary first ({@code CANARY}). One value instead of a strategy and two
 * configurations, so that no invalid combination can be written. The presets mirror CodeDeploy's, so a switch from
 * {@link BlueGreenService} keeps the timing. Validated by {@link NativeBlueGreenService} (values may be tokens).
 *
 * <p>Ranges (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-linear.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/canary-deployment.html): linear step
 * {@value #MIN_LINEAR_PERCENT}-100 %, canary {@value #MIN_CANARY_PERCENT}-100 %, both in multiples of 0.1; the wait
 * after each step or after the canary 0-{@value #MAX_BAKE_MINUTES} whole minutes.
 */
public final class NativeTrafficShift {
    /** Smallest linear step ECS accepts, in percent. */
    public static final double MIN_LINEAR_PERCENT = 3.0;
    /** Smallest canary ECS accepts, in percent. */
    public static final double MIN_CANARY_PERCENT = 0.1;
    /** Longest step, canary and deployment bake time ECS accepts, in minutes (24 hours). */
    public static final int MAX_BAKE_MINUTES = 1440;

    /** All production traffic at once, after the test traffic. */
    public static final NativeTrafficShift ALL_AT_ONCE = allAtOnce();
    /** 10 % more every minute. */
    public static final NativeTrafficShift LINEAR_10_PERCENT_EVERY_1_MINUTE = linear(10, Shared.minutes(1));
    /** 10 % more every 3 minutes. */
    public static final NativeTrafficShift LINEAR_10_PERCENT_EVERY_3_MINUTES = linear(10, Shared.minutes(3));
    /** 10 % for 5 minutes, then the rest. */
    public static final NativeTrafficShift CANARY_10_PERCENT_5_MINUTES = canary(10, Shared.minutes(5));
    /** 10 % for 15 minutes, then the rest. */
    public static final NativeTrafficShift CANARY_10_PERCENT_15_MINUTES = canary(10, Shared.minutes(15));

    private final DeploymentStrategy strategy;
    private final @Nullable Number percent;
    private final @Nullable Duration stepBakeTime;

    private NativeTrafficShift(
            final DeploymentStrategy strategy, final @Nullable Number percent, final @Nullable Duration stepBakeTime) {
        this.strategy = strategy;
        this.percent = percent;
        this.stepBakeTime = stepBakeTime;
    }

    /** @return all production traffic at once ({@code BLUE_GREEN}) */
    public static NativeTrafficShift allAtOnce() {
        return new NativeTrafficShift(DeploymentStrategy.BLUE_GREEN, null, null);
    }

    /**
     * @param stepPercent  percent of production traffic added per step, {@value #MIN_LINEAR_PERCENT}-100
     * @param stepBakeTime wait after each step (none after the last), whole minutes
     * @return equal linear steps ({@code LINEAR})
     */
    public static NativeTrafficShift linear(final Number stepPercent, final Duration stepBakeTime) {
        return new NativeTrafficShift(
                DeploymentStrategy.LINEAR,
                Objects.requireNonNull(stepPercent, "stepPercent"),
                Objects.requireNonNull(stepBakeTime, "stepBakeTime"));
    }

    /**
     * @param canaryPercent  percent of production traffic on green first, {@value #MIN_CANARY_PERCENT}-100
     * @param canaryBakeTime wait before the rest moves, whole minutes
     * @return a canary, then the rest ({@code CANARY})
     */
    public static NativeTrafficShift canary(final Number canaryPercent, final Duration canaryBakeTime) {
        return new NativeTrafficShift(
                DeploymentStrategy.CANARY,
                Objects.requireNonNull(canaryPercent, "canaryPercent"),
                Objects.requireNonNull(canaryBakeTime, "canaryBakeTime"));
    }

    /** @return BLUE_GREEN, LINEAR or CANARY */
    public DeploymentStrategy getStrategy() {
        return strategy;
    }

    /** @return the linear step or canary percentage; null for all at once */
    public @Nullable Number getPercent() {
        return percent;
    }

    /** @return the wait after each linear step or after the canary; null for all at once */
    public @Nullable Duration getStepBakeTime() {
        return stepBakeTime;
    }

    @Override
    public String toString() {
        return strategy == DeploymentStrategy.BLUE_GREEN
                ? "allAtOnce()"
                : strategy.name().toLowerCase(java.util.Locale.ROOT) + "(" + percent + ", "
                        + stepBakeTime.toHumanString() + ")";
    }
}
