package dev.calibrate.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.app.support.SharedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} turns console logs into one JSON object per line.
 * Starts its own application: logging is set up once per JVM, and other test contexts did it first.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTest {

    private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

    @Test
    void consoleLinesAreJsonWithTheRequestContext(CapturedOutput output) throws Exception {
        logging.cleanUp();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CalibrateApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(new SharedPostgres())
                .run("--calibrate.admin-token=structured-logging-admin-token-0123456789",
                        "--logging.structured.format.console=ecs",
                        "--calibrate.shutdown.readiness-grace=0s")) {
            MDC.put("requestId", "req-structured-1");
            try {
                LoggerFactory.getLogger(StructuredLoggingTest.class).info("structured probe");
            } finally {
                MDC.remove("requestId");
            }
        }
        String line = Arrays.stream(output.getOut().split("\\R"))
                .filter(l -> l.contains("structured probe")).findFirst().orElseThrow();
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("message").asText()).isEqualTo("structured probe");
        assertThat(json.at("/log/level").asText()).isEqualTo("INFO");
        assertThat(json.get("requestId").asText()).isEqualTo("req-structured-1");
    }

    /**
     * Back to plain default logging for the tests that run after this one in the same JVM. Spring
     * Boot leaves the chosen format in a system property, which the next initialisation would read.
     */
    @AfterEach
    void restoreDefaultLogging() {
        System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
        logging.cleanUp();
        logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
    }
}
