package io.github.securefargate.internal;

import io.github.securefargate.ValidationException;
import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.constructs.IConstruct;

/**
 * Synth-time validation helpers shared by every construct. Each check skips unresolved tokens and throws
 * {@link ValidationException} with the construct path, the property, what is allowed and what was given.
 *
 * <p>Not part of the public API.
 */
public final class Check {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");

    private Check() {
    }

    /** @return the path used in messages: the construct's full path. */
    public static String path(final IConstruct scope) {
        return scope.getNode().getPath();
    }

    /** Throws a {@link ValidationException} for {@code scope}. */
    public static ValidationException fail(final IConstruct scope, final String prop, final String detail) {
        return new ValidationException(path(scope), prop, detail);
    }

    /** @return true when the value is a CDK token that is only known at deploy time. */
    public static boolean isToken(final Object value) {
        return value != null && Token.isUnresolved(value);
    }

    /** Requires {@code min <= value <= max}; tokens and nulls pass. */
    public static void between(final IConstruct scope, final String prop, final Number value,
                               final double min, final double max) {
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

    /** Requires a duration between {@code min} and {@code max} seconds; tokens and nulls pass. */
    public static void secondsBetween(final IConstruct scope, final String prop, final Duration value,
                                      final long min, final long max) {
        if (value == null || value.isUnresolved()) {
            return;
        }
        double seconds = value.toSeconds().doubleValue();
        if (seconds < min || seconds > max) {
            throw fail(scope, prop, "must be between " + min + " and " + max + " seconds, got "
                    + value.toHumanString());
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
    public static void oneOf(final IConstruct scope, final String prop, final Number value,
                             final Collection<? extends Number> allowed) {
        if (value == null || isToken(value)) {
            return;
        }
        boolean ok = allowed.stream().anyMatch(a -> a.doubleValue() == value.doubleValue());
        if (!ok) {
            throw fail(scope, prop, "must be one of " + allowed.stream().map(a -> fmt(a.doubleValue()))
                    .collect(Collectors.joining(", ")) + ", got " + fmt(value.doubleValue()));
        }
    }

    /** Requires each e-mail address to look like {@code name@domain.tld}; tokens pass. */
    public static void emails(final IConstruct scope, final String prop, final Collection<String> addresses) {
        if (addresses == null) {
            return;
        }
        for (String address : addresses) {
            if (address == null || (!isToken(address) && !EMAIL.matcher(address).matches())) {
                throw fail(scope, prop, "must contain e-mail addresses of the form name@example.com, got '"
                        + address + "'");
            }
        }
    }

    /** Formats a number without a trailing {@code .0} when it is whole. */
    public static String fmt(final double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
