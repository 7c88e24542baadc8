package dev.calibrate.connectors.amazon;

import dev.calibrate.connectors.amazon.api.SpApi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read only is a property of the code: no source of the Amazon connector, in any of its sub-packages,
 * builds a request with any method but GET, except the Login with Amazon token grant (a POST to LWA, not to the Selling Partner API).
 */
class ReadOnlySourceTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/calibrate/connectors/amazon");
    private static final Pattern WRITING = Pattern.compile(
            "\\.(POST|PUT|DELETE|method)\\s*\\(|\"(PUT|PATCH|DELETE|POST)\"|HttpMethod\\.|RestTemplate|WebClient");

    @Test
    void onlyTheLwaTokenClientSendsAnythingButGet() throws IOException {
        Map<String, List<String>> writes;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            writes = files.filter(f -> f.toString().endsWith(".java"))
                    .collect(Collectors.toMap(f -> f.getFileName().toString(), ReadOnlySourceTest::writingLines));
        }

        assertThat(writes).hasSizeGreaterThan(5);
        writes.forEach((file, lines) -> {
            if (file.equals("LwaTokens.java")) {
                assertThat(lines).as(file).hasSize(1).allSatisfy(line -> assertThat(line).contains(".POST("));
            } else {
                assertThat(lines).as(file + " must not build a non-GET request").isEmpty();
            }
        });
    }

    @Test
    void theSpApiClientOffersOnlyGet() {
        assertThat(Arrays.stream(SpApi.class.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getName)).containsExactlyInAnyOrder("get", "health", "forget");
    }

    private static List<String> writingLines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> WRITING.matcher(line).find()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
