package io.github.securefargate.storage;

/**
 * Values of the {@code StorageClass} dimension of the EFS {@code StorageBytes} metric, for
 * {@link LifecycleFileSystem#metricStorageBytes}.
 */
public enum StorageClass {
    /** Metered size of all data in the file system. */
    TOTAL("Total"),
    /** Data in EFS Standard storage. */
    STANDARD("Standard"),
    /** Data in EFS Infrequent Access storage (actual size). */
    INFREQUENT_ACCESS("IA"),
    /** Extra metered size in Infrequent Access from rounding files smaller than 128 KiB up to 128 KiB. */
    INFREQUENT_ACCESS_SIZE_OVERHEAD("IASizeOverhead"),
    /** Data in EFS Archive storage (actual size). */
    ARCHIVE("Archive"),
    /** Extra metered size in Archive from rounding files smaller than 128 KiB up to 128 KiB. */
    ARCHIVE_SIZE_OVERHEAD("ArchiveSizeOverhead");

    private final String dimensionValue;

    StorageClass(final String dimensionValue) {
        this.dimensionValue = dimensionValue;
    }

    /** @return the value of the metric's {@code StorageClass} dimension */
    public String getDimensionValue() {
        return dimensionValue;
    }
}
