package dev.calibrate.app.docs;

import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's shell blocks, followed by every {@code docs/} page marked as a runnable tour, run with
 * bash against the started server exactly as written, but for two literal replacements: the
 * README's address ({@code http://localhost:8080}) and its admin token become the test server's.
 * Every block runs under {@code set -euo pipefail}, and every HTTP answer curl gets must be 2xx or
 * 3xx: a tour that shows an error shows it in a comment, not by making the reader's call fail.
 */
class ReadmeTourTest extends IntegrationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern ADMIN_TOKEN_EXPORT = Pattern.compile("CALIBRATE_ADMIN_TOKEN=(\\S+)");
    /** A tour waits for apply and rollback runs; a setting so a slow machine can give it longer. */
    private static final Duration TIMEOUT = Duration.parse(System.getProperty("calibrate.tour.timeout", "PT5M"));

    @TempDir
    Path work;

    @Test
    void theReadmeAndTheRunnableDocsPagesRunAsWritten() throws IOException {
        ShellTour readme = ShellTour.of(ROOT.resolve("README.md"));
        List<ShellTour> tours = new ArrayList<>(List.of(readme));
        tours.addAll(runnableDocsPages());

        TourRun.Result result = TourRun.run(tours, Map.of(
                "http://localhost:8080", "http://localhost:" + port,
                readmeAdminToken(readme), ADMIN_TOKEN), work, TIMEOUT);

        System.out.println("tour: " + result.exchanges().size() + " HTTP exchanges\n" + result.stdout());
        assertThat(result.timedOut()).as(result.report()).isFalse();
        assertThat(result.exitCode()).as(result.report()).isZero();
        assertThat(result.failures()).as(result.report()).isEmpty();
        ShellTour.Block last = tours.get(tours.size() - 1).blocks().get(tours.get(tours.size() - 1).blocks().size() - 1);
        assertThat(result.lastBlock()).as("every block ran").isEqualTo(last.where());
        assertThat(result.exchanges()).as("the tour talks to the server").hasSizeGreaterThan(20);
    }

    @Test
    void theReadmeRunsTheServerAndItsTestsWithTheTwoCommandsItDoesNotRunHere() throws IOException {
        ShellTour readme = ShellTour.of(ROOT.resolve("README.md"));
        assertThat(readme.notRun()).extracting(ShellTour.Block::text)
                .anySatisfy(text -> assertThat(text).contains("java -jar app/target/calibrate.jar"))
                .anySatisfy(text -> assertThat(text.trim()).isEqualTo("./mvnw verify"));
        assertThat(Files.readString(ROOT.resolve(".ci/run")))
                .as(".ci/run calls the README's test command").contains("./mvnw verify");
    }

    private static String readmeAdminToken(ShellTour readme) {
        return readme.notRun().stream().map(b -> ADMIN_TOKEN_EXPORT.matcher(b.text())).filter(Matcher::find)
                .map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("the README starts the server with a known CALIBRATE_ADMIN_TOKEN"));
    }

    private static List<ShellTour> runnableDocsPages() throws IOException {
        try (Stream<Path> pages = Files.walk(ROOT.resolve("docs"))) {
            return pages.filter(p -> p.toString().endsWith(".md")).sorted().filter(ShellTour::isRunnablePage)
                    .map(ShellTour::of).toList();
        }
    }
}
