package dev.calibrate.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.feed.FeedSteps.FeedTenant;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/consumers.md's Java example "follow the feed", copied below character for character (indented two
 * levels), run against this server: it reads every event of the tenant once, in position order, and a
 * reader restarted from the position it saved goes on where it stopped.
 */
class ConsumersFeedJavaExampleTest extends IntegrationTest {

    /** Ends the example's endless loop once the test has seen what it waits for. */
    private static final class Enough extends RuntimeException {
    }

    private String api;
    private String token;
    private String saved = "0";
    private final List<String> handled = new ArrayList<>();
    private final List<Long> positions = new ArrayList<>();
    private int stopAfter;
    private int caughtUpAt = -1;
    private Runnable laterProduct;
    private long caughtUpNanos;
    private long resumedNanos;

    @Test
    void theDocumentsFeedReaderReadsEveryEventOnceInOrderAndResumesWhereItStopped() throws Exception {
        FeedSteps steps = new FeedSteps(super.api);
        FeedTenant acme = steps.tenant("Java feed reader " + UUID.randomUUID());
        steps.createProduct(acme, "JF-1");
        steps.createProduct(acme, "JF-2");
        List<JsonNode> expected = steps.all(acme, "0", 1000, "");
        api = "http://localhost:" + port;
        token = acme.reader().token();

        stopAfter = 2;
        assertThat(runUntilEnough()).isTrue();
        assertThat(saved).isEqualTo(Long.toString(positions.get(1)));
        // caught up, the reader pages on with next and waits on empty pages until a later product's first event
        caughtUpAt = expected.size();
        laterProduct = () -> steps.createProductNow(acme, "JF-3");
        stopAfter = expected.size() + 1;
        assertThat(runUntilEnough()).isTrue();

        assertThat((resumedNanos - caughtUpNanos) / 1e9).as("it kept polling the end of the feed until the product came")
                .isGreaterThanOrEqualTo(2.5);
        assertThat(handled.subList(0, expected.size()))
                .containsExactlyElementsOf(expected.stream().map(e -> e.get("type").asText()).toList());
        assertThat(handled.get(expected.size())).isEqualTo("dev.calibrate.ProductCreated.v1");
        assertThat(positions).isSorted().doesNotHaveDuplicates()
                .startsWith(FeedSteps.positions(expected).toArray(Long[]::new));
    }

    @Test
    void theMethodBelowIsTheDocumentsJavaExample() throws IOException {
        Matcher blocks = Pattern.compile("## Example: Java\n\n```java\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../docs/consumers.md")));
        assertThat(blocks.find()).isTrue();
        String source = Files.readString(Path.of("src/test/java/dev/calibrate/app/feed/ConsumersFeedJavaExampleTest.java"));
        assertThat(source).contains(blocks.group(1).lines().map(l -> l.isEmpty() ? l : "        " + l)
                .reduce((a, b) -> a + "\n" + b).orElseThrow());
    }

    private boolean runUntilEnough() throws Exception {
        try {
            follow();
            return false;
        } catch (Enough enough) {
            return true;
        }
    }

    private String loadPosition() {
        return saved;
    }

    private void savePosition(String position) {
        saved = position;
        positions.add(Long.parseLong(position));
        if (positions.size() == stopAfter) {
            throw new Enough();
        }
        if (positions.size() == caughtUpAt) {
            caughtUpNanos = System.nanoTime();
            // written once the reader has had time to find the feed empty and sleep on it
            CompletableFuture.runAsync(laterProduct, CompletableFuture.delayedExecutor(2_500, TimeUnit.MILLISECONDS));
        }
    }

    private void handle(String type, JsonNode data) {
        assertThat(data.isObject()).isTrue();
        if (positions.size() == caughtUpAt) {
            resumedNanos = System.nanoTime();
        }
        handled.add(type);
    }

    @SuppressWarnings({"InfiniteLoopStatement", "BusyWait"})
    private void follow() throws Exception {
        // ---- docs/consumers.md, "Example: Java", verbatim ----
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        String after = loadPosition();                          // "0" the first time
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/api/v1/events?limit=1000&after=" + after))
                    .header("Authorization", "Bearer " + token).build();
            JsonNode page = json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode event : page.get("items")) {
                handle(event.get("type").asText(), event.get("data"));   // idempotent: it may see an event twice
                savePosition(event.get("position").asText());
            }
            after = page.get("next").asText();
            if (page.get("items").isEmpty()) Thread.sleep(1_000);
        }
    }
}
