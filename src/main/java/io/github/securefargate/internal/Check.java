package io.github.securefargate.internal;

import io.github.securefargate.ValidationException;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.TimeConversionOptions;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.IConstruct;

/**
 * Synth-time validation helpers shared by every construct. Each check skips unresolved tokens and throws
 * {@link ValidationException} with the construct path, the property, what is allowed and what was given.
 *
 * <p>Not part of the public API.
 */
public final class Check {
    private static final Map<IConstruct, String> PATHS = Collections.synchronizedMap(new WeakHashMap<>());

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");

    private Check() {}

    /** @return the path used in messages: the construct's full path. */
    public static String path(final IConstruct scope) {
        // A path never changes, and descriptions, messages and ids name the same constructs again and again.
        return PATHS.computeIfAbsent(scope, s -> s.getNode().getPath());
    }

    /** @return {@code value} as a message shows it: itself, or {@code placeholder} when it is a token */
    public static String shown(final String value, final String placeholder) {
        return isToken(value) ? placeholder : value;
    }

    /** @return what messages call {@code scope}: its path, or "App" for the root (whose path is empty) */
    public static String where(final IConstruct scope) {
        String path = path(scope);
        return path.isEmpty() ? "App" : path;
    }

    /** Throws a {@link ValidationException} for {@code scope}. */
    public static ValidationException fail(final IConstruct scope, final String prop, final String detail) {
        return new ValidationException(where(scope), prop, detail);
    }

    /**
     * @return true when the value is a CDK token that is only known at deploy time (recognized in Java where the
     *         token encoding allows it: see {@link Tokens})
     */
    public static boolean isToken(final Object value) {
        return Tokens.isUnresolved(value);
    }

    /** Requires {@code min <= value <= max}; tokens and nulls pass. */
    public static void between(
            final IConstruct scope, final String prop, final Number value, final double min, final double max) {
        if (value == null || isToken(value)) {
            return;
        }
        double v = value.doubleValue();
        if (v < min || v > max) {
            throw fail(scope, prop, "must be between " + fmt(min) + " and " + fmt(max) + ", got " + fmt(v));
        }
    }

    /** Requires {@code value >= min}; tokens and nulls pass. */
    public static void atLeast(final IConstruct scope, final String prop, final Number value, final double min) {
        if (value == null || isToken(value)) {
            return;
        }
        if (value.doubleValue() < min) {
            throw fail(scope, prop, "must be at least " + fmt(min) + ", got " + fmt(value.doubleValue()));
        }
    }

    /**
     * Requires a whole number of seconds between {@code min} and {@code max}; nulls pass. A token duration passes when
     * aws-cdk-lib can render it in seconds (it was built with {@code Duration.seconds(token)}).
     */
    public static void secondsBetween(
            final IConstruct scope, final String prop, final Duration value, final long min, final long max) {
        durationBetween(scope, prop, value, TimeUnit.SECONDS, min, max);
    }

    /**
     * Requires a whole number of minutes between {@code min} and {@code max}; nulls pass. A token duration passes when
     * aws-cdk-lib can render it in minutes (it was built with {@code Duration.minutes(token)}).
     */
    public static void minutesBetween(
            final IConstruct scope, final String prop, final Duration value, final long min, final long max) {
        durationBetween(scope, prop, value, TimeUnit.MINUTES, min, max);
    }

    private static void durationBetween(
            final IConstruct scope,
            final String prop,
            final Duration value,
            final TimeUnit unit,
            final long min,
            final long max) {
        if (value == null) {
            return;
        }
        if (Shared.isUnresolved(value)) {
            tokenDurationIn(scope, prop, value, unit);
            return;
        }
        double amount = unit.of(value);
        if (amount != Math.rint(amount)) {
            throw fail(
                    scope,
                    prop,
                    "must be a whole number of " + unit.label + " between " + min + " and " + max + ", got "
                            + value.toHumanString());
        }
        if (amount < min || amount > max) {
            throw fail(
                    scope,
                    prop,
                    "must be between " + min + " and " + max + " " + unit.label + ", got " + value.toHumanString());
        }
    }

    /**
     * A duration whose amount is a token can only be rendered in the unit it was built with (aws-cdk-lib cannot
     * convert a token): requires that unit, so that the failure is this library's message at construction and not
     * a conversion error deep inside aws-cdk-lib.
     */
    private static void tokenDurationIn(
            final IConstruct scope, final String prop, final Duration value, final TimeUnit unit) {
        try {
            unit.of(value);
        } catch (RuntimeException e) {
            throw fail(
                    scope,
                    prop,
                    "is a token, so it must be built with Duration." + unit.label + "(token) (aws-cdk-lib "
                            + "renders it in " + unit.label
                            + " and cannot convert a token from another unit), got a token "
                            + "Duration in another unit");
        }
    }

    /**
     * Requires a token duration to be renderable in seconds ({@code Duration.seconds(token)}); literals and nulls
     * pass.
     */
    public static void tokenInSeconds(final IConstruct scope, final String prop, final Duration value) {
        if (value != null && Shared.isUnresolved(value)) {
            tokenDurationIn(scope, prop, value, TimeUnit.SECONDS);
        }
    }

    /**
     * Requires a token size to be renderable in MiB ({@code Size.mebibytes(token)}), the unit aws-cdk-lib renders
     * EFS throughput in; literals and nulls pass.
     */
    public static void tokenInMebibytes(final IConstruct scope, final String prop, final Size value) {
        if (value == null || !value.isUnresolved()) {
            return;
        }
        try {
            value.toMebibytes();
        } catch (RuntimeException e) {
            throw fail(
                    scope,
                    prop,
                    "is a token, so it must be built with Size.mebibytes(token) (aws-cdk-lib renders it "
                            + "in MiB and cannot convert a token from another unit), got a token Size in another unit");
        }
    }

    /** Requires a whole number between {@code min} and {@code max}; tokens and nulls pass. */
    public static void wholeBetween(
            final IConstruct scope, final String prop, final Number value, final long min, final long max) {
        if (value == null || isToken(value)) {
            return;
        }
        double v = value.doubleValue();
        if (v != Math.rint(v)) {
            throw fail(scope, prop, "must be a whole number between " + min + " and " + max + ", got " + fmt(v));
        }
        between(scope, prop, value, min, max);
    }

    /** Requires a whole number of at least {@code min}; tokens and nulls pass. */
    public static void wholeAtLeast(final IConstruct scope, final String prop, final Number value, final long min) {
        if (value == null || isToken(value)) {
            return;
        }
        double v = value.doubleValue();
        if (v != Math.rint(v)) {
            throw fail(scope, prop, "must be a whole number of at least " + min + ", got " + fmt(v));
        }
        atLeast(scope, prop, value, min);
    }

    /** @return {@code value} as an {@code Integer} when it is a whole literal, the token itself otherwise */
    public static Number normalizeWhole(final Number value) {
        return value == null || isToken(value) ? value : Integer.valueOf(value.intValue());
    }

    /**
     * Requires a string that matches {@code pattern} completely; tokens and nulls pass.
     *
     * @param allowed what is allowed, in words: {@code "1-100 letters, digits, '.', '@', '-' or '_'"}
     */
    public static void matches(
            final IConstruct scope,
            final String prop,
            final String value,
            final Pattern pattern,
            final String allowed) {
        if (value == null || isToken(value)) {
            return;
        }
        if (!pattern.matcher(value).matches()) {
            throw fail(scope, prop, "must be " + allowed + ", got '" + value + "'");
        }
    }

    /** Requires at most {@code max} characters; tokens and nulls pass. */
    public static void maxLength(final IConstruct scope, final String prop, final String value, final int max) {
        if (value == null || isToken(value)) {
            return;
        }
        if (value.length() > max) {
            throw fail(
                    scope,
                    prop,
                    "must be at most " + max + " characters, got " + value.length() + " ('"
                            + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "')");
        }
    }

    /** Units a {@link Duration} is rendered in for CloudFormation. */
    private enum TimeUnit {
        SECONDS("seconds"),
        MINUTES("minutes");

        private final String label;

        TimeUnit(final String label) {
            this.label = label;
        }

        double of(final Duration d) {
            Long known = Shared.knownSeconds(d);
            if (known != null) {
                return this == SECONDS ? known : known / 60.0;
            }
            TimeConversionOptions fractional =
                    TimeConversionOptions.builder().integral(false).build();
            return (this == SECONDS ? d.toSeconds(fractional) : d.toMinutes(fractional)).doubleValue();
        }
    }

    /** Requires a non-null value. */
    public static <T> T required(final IConstruct scope, final String prop, final T value) {
        if (value == null) {
            throw fail(scope, prop, "is required, got nothing");
        }
        return value;
    }

    /** Requires a value from {@code allowed}; tokens pass. */
    public static void oneOf(
            final IConstruct scope, final String prop, final Number value, final Collection<? extends Number> allowed) {
        if (value == null || isToken(value)) {
            return;
        }
        boolean ok = allowed.stream().anyMatch(a -> a.doubleValue() == value.doubleValue());
        if (!ok) {
            throw fail(
                    scope,
                    prop,
                    "must be one of "
                            + allowed.stream().map(a -> fmt(a.doubleValue())).collect(Collectors.joining(", "))
                            + ", got " + fmt(value.doubleValue()));
        }
    }

    /** Requires each e-mail address to look like {@code name@domain.tld}; tokens pass. */
    public static void emails(final IConstruct scope, final String prop, final Collection<String> addresses) {
        if (addresses == null) {
            return;
        }
        for (String address : addresses) {
            if (address == null || (!isToken(address) && !EMAIL.matcher(address).matches())) {
                throw fail(
                        scope,
                        prop,
                        "must contain e-mail addresses of the form name@example.com, got '" + address + "'");
            }
        }
    }

    /** Formats a number without a trailing {@code .0} when it is whole. */
    public static String fmt(final double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Rejects {@code alertEmails} together with {@code alertTopic} (the addresses would go nowhere: only a topic the
     * construct creates gets the subscriptions) and checks the addresses.
     */
    public static void alertTopicOrEmails(
            final IConstruct scope, final ITopic alertTopic, final Collection<String> alertEmails) {
        if (alertTopic != null && alertEmails != null) {
            throw fail(
                    scope,
                    "alertEmails",
                    "cannot be combined with alertTopic: subscribe the addresses to "
                            + "your own topic, or drop alertTopic to let the construct create one");
        }
        emails(scope, "alertEmails", alertEmails);
    }
}
