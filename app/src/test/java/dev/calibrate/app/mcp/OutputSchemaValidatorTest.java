package dev.calibrate.app.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK's output-schema check, on the json-schema-validator the project pins (1.5), not the 2.x the SDK's own needs. */
class OutputSchemaValidatorTest {

    private static final Map<String, Object> SCHEMA = Map.of("type", "object", "required", List.of("total"),
            "properties", Map.of("total", Map.of("type", "integer", "minimum", 0)));

    private final OutputSchemaValidator validator = new OutputSchemaValidator(new ObjectMapper());

    @Test
    void acceptsContentThatFitsAndAnswersItAsJson() {
        ValidationResponse response = validator.validate(SCHEMA, Map.of("total", 3));

        assertThat(response.valid()).isTrue();
        assertThat(response.jsonStructuredOutput()).isEqualTo("{\"total\":3}");
    }

    @Test
    void refusesContentThatDoesNotFitSayingWhy() {
        ValidationResponse wrongType = validator.validate(SCHEMA, Map.of("total", "three"));
        ValidationResponse missing = validator.validate(SCHEMA, Map.of());

        assertThat(wrongType.valid()).isFalse();
        assertThat(wrongType.errorMessage()).contains("total");
        assertThat(missing.valid()).isFalse();
        assertThat(missing.errorMessage()).contains("total");
        assertThat(validator.validate(SCHEMA, null).valid()).isFalse();
    }

    @Test
    void readsStringContentAsJson() {
        assertThat(validator.validate(SCHEMA, "{\"total\": 3}").valid()).isTrue();
        assertThat(validator.validate(SCHEMA, "{\"total\": -1}").valid()).isFalse();
        assertThat(validator.validate(SCHEMA, "{not json").errorMessage()).isEqualTo("structuredContent is not JSON");
    }

    @Test
    void aSchemaItCannotUseIsInvalidNotAnException() {
        Map<String, Object> broken = Map.of("$ref", "#/$defs/missing");

        ValidationResponse response = validator.validate(broken, Map.of("total", 3));

        assertThat(response.valid()).isFalse();
    }

    @Test
    void neverFetchesARemoteRef() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] body = "{\"type\": \"object\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String remote = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";

            ValidationResponse response = validator.validate(Map.of("$ref", remote), Map.of("total", 3));

            assertThat(response.valid()).isFalse();
            assertThat(fetched).hasValue(0);
        } finally {
            server.stop(0);
        }
    }
}
