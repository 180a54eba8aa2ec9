package io.github.securefargate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Normalized template snapshots under {@code src/test/resources/snapshots}. Asset hashes (64 hex characters) become
 * {@code ASSET_HASH} so that changing an asset's content does not churn snapshots.
 *
 * <p>Rewrite them with {@code mvn test -Dsnapshot.update=true}. A missing snapshot fails the test unless the switch is
 * on, so CI never passes on a snapshot that was not committed.
 */
public final class Snapshots {
    /** Directory of the committed snapshots. */
    public static final Path DIRECTORY = Path.of("src", "test", "resources", "snapshots");
    /** System property that rewrites snapshots. */
    public static final String UPDATE_PROPERTY = "snapshot.update";

    private static final Pattern ASSET_HASH = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Snapshots() {}

    /** @return true when the update switch is on */
    public static boolean updating() {
        return Boolean.parseBoolean(System.getProperty(UPDATE_PROPERTY, "false"));
    }

    /** @return the normalized, key-sorted JSON text of a template */
    public static String normalize(final Map<String, Object> template) {
        try {
            String text = JSON.writeValueAsString(new TreeMap<>(template));
            return ASSET_HASH.matcher(text).replaceAll("ASSET_HASH") + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the snapshot file of an artifact */
    public static Path file(final String artifactId) {
        return DIRECTORY.resolve(artifactId + ".template.json");
    }

    /** @return the committed snapshot text, or null when it does not exist */
    public static String read(final String artifactId) throws IOException {
        Path f = file(artifactId);
        return Files.exists(f) ? Files.readString(f) : null;
    }

    /** Writes a snapshot. */
    public static void write(final String artifactId, final String text) throws IOException {
        Files.createDirectories(DIRECTORY);
        Files.writeString(file(artifactId), text);
    }
}
