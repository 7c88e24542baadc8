package dev.calibrate.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.contract.JsonDifferences;
import dev.calibrate.app.support.contract.OpenApiDocument;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The OpenAPI document committed at {@code schemas/openapi/calibrate-api.json} is the one the code
 * serves, so a change to the API shows in review and client generators read a file. Rewrite it with
 * {@code -Dcalibrate.openapi.write=true} (see docs/api.md). Swagger UI comes from the jar.
 */
class CommittedOpenApiDocumentTest extends IntegrationTest {

    static final String WRITE = "calibrate.openapi.write";

    @Test
    void theCommittedDocumentIsTheOneTheCodeServes() throws IOException {
        JsonNode served = OpenApiDocument.fetch("http://localhost:" + port, mapper).json();
        Path committed = projectRoot().resolve("schemas/openapi/calibrate-api.json");

        if (Boolean.getBoolean(WRITE)) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, canonical(served));
            return;
        }

        assertThat(committed).as("the committed document; write it with -D" + WRITE + "=true").exists();
        String expected = Files.readString(committed);
        if (!expected.equals(canonical(served))) {
            List<String> differences = JsonDifferences.between(mapper.readTree(expected), served);
            fail("schemas/openapi/calibrate-api.json is not the document the code serves ("
                    + differences.size() + " differences" + (differences.isEmpty() ? ", in formatting only" : "")
                    + "); regenerate it with -D" + WRITE + "=true (docs/api.md):\n  "
                    + String.join("\n  ", differences.subList(0, Math.min(40, differences.size()))));
        }
    }

    @Test
    void theDocumentIsTheSameOnEveryRequest() {
        String first = canonical(OpenApiDocument.fetch("http://localhost:" + port, mapper).json());
        String second = canonical(OpenApiDocument.fetch("http://localhost:" + port, mapper).json());

        assertThat(second).isEqualTo(first);
        assertThat(first).doesNotContain("localhost").doesNotContain(Integer.toString(port));
    }

    @Test
    void swaggerUiLoadsFromTheJarWithoutAnyOtherHost() {
        Api.Response page = api.get("/swagger-ui/index.html", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).doesNotContainPattern("(?i)(src|href)=\"(https?:)?//");

        Matcher scripts = Pattern.compile("<script[^>]*src=\"([^\"]+)\"").matcher(page.body());
        int count = 0;
        while (scripts.find()) {
            count++;
            Api.Response script = api.get("/swagger-ui/" + scripts.group(1).replaceFirst("^\\./", ""), null);
            assertThat(script.status()).as(scripts.group(1)).isEqualTo(200);
        }
        assertThat(count).as("scripts on the page").isPositive();

        // the initializer says which document to show: ours, found through the config, never the petstore
        Api.Response initializer = api.get("/swagger-ui/swagger-initializer.js", null);
        assertThat(initializer.status()).isEqualTo(200);
        assertThat(initializer.body()).doesNotContainPattern("https?://").doesNotContain("petstore");
        Api.Response config = api.get("/v3/api-docs/swagger-config", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("url").asText()).isEqualTo("/v3/api-docs");
        // the OAuth2 redirect page is this server's own; no other host is named
        assertThat(config.body().replace("http://localhost:" + port + "/", "/")).doesNotContainPattern("https?://");
    }

    /** Sorted keys, two-space indents, a final newline: the file reads the same however it was produced. */
    static String canonical(JsonNode document) {
        try {
            ObjectMapper sorted = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .enable(SerializationFeature.INDENT_OUTPUT);
            return sorted.writeValueAsString(sorted.treeToValue(document, Object.class)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository root: surefire runs in the module's directory. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) throw new IllegalStateException("not inside the repository: " + Path.of("").toAbsolutePath());
        return dir;
    }
}
