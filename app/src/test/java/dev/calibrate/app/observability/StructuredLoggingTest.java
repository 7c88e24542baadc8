package dev.calibrate.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} turns console logs into one JSON object per line. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "calibrate.embedded-postgres.ephemeral=true",
        "calibrate.admin-token=structured-logging-admin-token-0123456789",
        "logging.structured.format.console=ecs"
})
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTest {

    @Test
    void consoleLinesAreJsonWithTheRequestContext(CapturedOutput output) throws Exception {
        MDC.put("requestId", "req-structured-1");
        try {
            LoggerFactory.getLogger(StructuredLoggingTest.class).info("structured probe");
        } finally {
            MDC.remove("requestId");
        }
        String line = Arrays.stream(output.getOut().split("\\R"))
                .filter(l -> l.contains("structured probe")).findFirst().orElseThrow();
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("message").asText()).isEqualTo("structured probe");
        assertThat(json.at("/log/level").asText()).isEqualTo("INFO");
        assertThat(json.get("requestId").asText()).isEqualTo("req-structured-1");
    }
}
