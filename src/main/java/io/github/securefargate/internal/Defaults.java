package io.github.securefargate.internal;

/**
 * Resolving a prop's default, in one place for every construct's settings.
 *
 * <p>Not part of the public API.
 */
public final class Defaults {
    private Defaults() {}

    /** @return {@code value}, or {@code fallback} when it is null */
    public static <T> T orDefault(final T value, final T fallback) {
        return value != null ? value : fallback;
    }
}
