package io.github.securefargate;

/**
 * Thrown at synth time when a construct of this library is given a property value that AWS would reject at deploy
 * time, or that this library considers unsafe without an explicit opt-in.
 *
 * <p>The message always names the construct path, the property, what is allowed and what was received, for example
 * {@code Service/TaskDefinition: ephemeralStorageGiB must be between 21 and 200, got 10}.
 */
public class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String constructPath;
    private final String property;

    /**
     * @param constructPath path of the construct that rejected the value
     * @param property      name of the rejected property
     * @param detail        what is allowed, what was received and, where there is one, the fix
     */
    public ValidationException(final String constructPath, final String property, final String detail) {
        super(constructPath + ": " + property + " " + detail);
        this.constructPath = constructPath;
        this.property = property;
    }

    /**
     * @return path of the construct that rejected the value, as given; the library's own checks give {@code App} for
     *     the app itself (its path is empty)
     */
    public String getConstructPath() {
        return constructPath;
    }

    /** @return name of the rejected property */
    public String getProperty() {
        return property;
    }
}
