package io.github.securefargate.storage;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.efs.IAccessPoint;

/** Options of {@link LifecycleFileSystem#mountInto}. */
public final class MountOptions {
    private final IAccessPoint accessPoint;
    private final String containerPath;
    private final @Nullable String containerName;
    private final @Nullable Boolean readOnly;
    private final @Nullable String volumeName;
    private final @Nullable String rootDirectory;

    private MountOptions(final Builder b) {
        this.accessPoint = b.accessPoint;
        this.containerPath = b.containerPath;
        this.containerName = b.containerName;
        this.readOnly = b.readOnly;
        this.volumeName = b.volumeName;
        this.rootDirectory = b.rootDirectory;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Access point to mount through; it must belong to the file system. IAM authorization and TLS are always on.
     * Required.
     */
    public IAccessPoint getAccessPoint() {
        return accessPoint;
    }

    /**
     * Absolute path inside the container where the volume is mounted, such as {@code /data}; not {@code /}. Required.
     */
    public String getContainerPath() {
        return containerPath;
    }

    /**
     * Container to mount into; it must exist in the task definition.
     *
     * @default - the application container of a {@code SecureFargateService}, or the task definition's default (first
     *     essential) container
     */
    public @Nullable String getContainerName() {
        return containerName;
    }

    /**
     * Mount read-only: the container mount point is read-only and the task role only gets
     * {@code elasticfilesystem:ClientMount}, not {@code ClientWrite}.
     *
     * @default false
     */
    public @Nullable Boolean getReadOnly() {
        return readOnly;
    }

    /**
     * Name of the task-definition volume: letters, digits, hyphens and underscores, up to 255 characters.
     *
     * @default - the file system's and the access point's construct ids, joined by a hyphen
     */
    public @Nullable String getVolumeName() {
        return volumeName;
    }

    /**
     * Directory of the file system to mount. With an access point it must be omitted or {@code /}: the access point's
     * path is the root. It exists so that a value copied from an ECS volume configuration is checked, not silently
     * ignored.
     *
     * @default "/"
     */
    public @Nullable String getRootDirectory() {
        return rootDirectory;
    }

    /** Builder for {@link MountOptions}. */
    public static final class Builder {
        private IAccessPoint accessPoint;
        private String containerPath;
        private String containerName;
        private Boolean readOnly;
        private String volumeName;
        private String rootDirectory;

        private Builder() {}

        /** @see MountOptions#getAccessPoint() */
        public Builder accessPoint(final IAccessPoint accessPoint) {
            this.accessPoint = accessPoint;
            return this;
        }

        /** @see MountOptions#getContainerPath() */
        public Builder containerPath(final String containerPath) {
            this.containerPath = containerPath;
            return this;
        }

        /** @see MountOptions#getContainerName() */
        public Builder containerName(final String containerName) {
            this.containerName = containerName;
            return this;
        }

        /** @see MountOptions#getReadOnly() */
        public Builder readOnly(final Boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** @see MountOptions#getVolumeName() */
        public Builder volumeName(final String volumeName) {
            this.volumeName = volumeName;
            return this;
        }

        /** @see MountOptions#getRootDirectory() */
        public Builder rootDirectory(final String rootDirectory) {
            this.rootDirectory = rootDirectory;
            return this;
        }

        /**
         * @return the props
         * @throws IllegalArgumentException when a required prop is missing
         */
        public MountOptions build() {
            if (accessPoint == null) {
                throw new IllegalArgumentException("MountOptions: accessPoint is required, got nothing");
            }
            if (containerPath == null) {
                throw new IllegalArgumentException("MountOptions: containerPath is required, got nothing");
            }
            return new MountOptions(this);
        }
    }
}
