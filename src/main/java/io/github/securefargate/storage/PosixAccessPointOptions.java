package io.github.securefargate.storage;

import java.util.List;
import org.jetbrains.annotations.Nullable;

/** Options of {@link LifecycleFileSystem#addAccessPoint}: the POSIX identity every client of the access point
 * acts as, and the root directory EFS creates for it. */
public final class PosixAccessPointOptions {
    private final String path;
    private final Number uid;
    private final Number gid;
    private final @Nullable List<Number> secondaryGids;
    private final @Nullable Number ownerUid;
    private final @Nullable Number ownerGid;
    private final @Nullable String permissions;

    private PosixAccessPointOptions(final Builder b) {
        this.path = b.path;
        this.uid = b.uid;
        this.gid = b.gid;
        this.secondaryGids = b.secondaryGids == null ? null : List.copyOf(b.secondaryGids);
        this.ownerUid = b.ownerUid;
        this.ownerGid = b.ownerGid;
        this.permissions = b.permissions;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Directory on the file system that becomes the root of every mount through this access point; absolute, at most
     * 100 characters and 4 levels, no component starting with a dot. Created with {@link #getOwnerUid()},
     * {@link #getOwnerGid()} and {@link #getPermissions()} when it does not exist. Required.
     */
    public String getPath() {
        return path;
    }

    /**
     * POSIX user id that every file operation through the access point uses, whatever user the container runs as
     * (0-4294967295). Required.
     */
    public Number getUid() {
        return uid;
    }

    /**
     * POSIX group id that every file operation through the access point uses (0-4294967295). Required.
     */
    public Number getGid() {
        return gid;
    }

    /**
     * Secondary POSIX group ids of the access point's user (at most 16).
     *
     * @default - none
     */
    public @Nullable List<Number> getSecondaryGids() {
        return secondaryGids;
    }

    /**
     * Owner user id of the root directory when EFS creates it.
     *
     * @default - {@link #getUid()}
     */
    public @Nullable Number getOwnerUid() {
        return ownerUid;
    }

    /**
     * Owner group id of the root directory when EFS creates it.
     *
     * @default - {@link #getGid()}
     */
    public @Nullable Number getOwnerGid() {
        return ownerGid;
    }

    /**
     * POSIX permissions of the root directory when EFS creates it, as an octal string of 3 or 4 digits.
     *
     * @default {@value LifecycleFileSystem#DEFAULT_ACCESS_POINT_PERMISSIONS}
     */
    public @Nullable String getPermissions() {
        return permissions;
    }

    /** Builder for {@link PosixAccessPointOptions}. */
    public static final class Builder {
        private String path;
        private Number uid;
        private Number gid;
        private List<Number> secondaryGids;
        private Number ownerUid;
        private Number ownerGid;
        private String permissions;

        private Builder() {}

        /** @see PosixAccessPointOptions#getPath() */
        public Builder path(final String path) {
            this.path = path;
            return this;
        }

        /** @see PosixAccessPointOptions#getUid() */
        public Builder uid(final Number uid) {
            this.uid = uid;
            return this;
        }

        /** @see PosixAccessPointOptions#getGid() */
        public Builder gid(final Number gid) {
            this.gid = gid;
            return this;
        }

        /** @see PosixAccessPointOptions#getSecondaryGids() */
        public Builder secondaryGids(final List<Number> secondaryGids) {
            this.secondaryGids = secondaryGids;
            return this;
        }

        /** @see PosixAccessPointOptions#getOwnerUid() */
        public Builder ownerUid(final Number ownerUid) {
            this.ownerUid = ownerUid;
            return this;
        }

        /** @see PosixAccessPointOptions#getOwnerGid() */
        public Builder ownerGid(final Number ownerGid) {
            this.ownerGid = ownerGid;
            return this;
        }

        /** @see PosixAccessPointOptions#getPermissions() */
        public Builder permissions(final String permissions) {
            this.permissions = permissions;
            return this;
        }

        /**
         * @return the props
         * @throws IllegalArgumentException when a required prop is missing
         */
        public PosixAccessPointOptions build() {
            if (path == null) {
                throw new IllegalArgumentException("PosixAccessPointOptions: path is required, got nothing");
            }
            if (uid == null) {
                throw new IllegalArgumentException("PosixAccessPointOptions: uid is required, got nothing");
            }
            if (gid == null) {
                throw new IllegalArgumentException("PosixAccessPointOptions: gid is required, got nothing");
            }
            return new PosixAccessPointOptions(this);
        }
    }
}
