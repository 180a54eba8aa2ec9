package io.github.securefargate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The examples are what a user copies: they may use only the library's public API, never its internal package. */
class ExamplesUsePublicApiTest {

    @Test
    void noExampleSourceUsesTheInternalPackage() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src", "examples", "java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(5);
        List<String> offenders = sources.stream()
                .filter(p -> {
                    try {
                        return Files.readString(p).contains("io.github.securefargate.internal");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .map(Path::toString)
                .toList();
        assertThat(offenders)
                .as("example sources that use io.github.securefargate.internal")
                .isEmpty();
    }
}
