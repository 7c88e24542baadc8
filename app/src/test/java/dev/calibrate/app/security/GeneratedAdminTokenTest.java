package dev.calibrate.app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.app.support.Api;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without CALIBRATE_ADMIN_TOKEN the first start generates an admin token and prints it once; a
 * restart on the same data keeps accepting it and prints nothing new.
 */
@ExtendWith(OutputCaptureExtension.class)
@Tag("slow") // starts the application twice: ./mvnw verify -Pslow
class GeneratedAdminTokenTest {

    /** The log line, in plain or structured (JSON-escaped) console format. */
    private static final Pattern GENERATED = Pattern.compile(
            "Generated the Calibrate admin token.{0,200}?(clb_admin_[A-Za-z0-9_-]{43})", Pattern.DOTALL);

    @TempDir
    Path dataDir;

    @Test
    void theFirstStartPrintsAGeneratedTokenOnceAndLaterStartsKeepIt(CapturedOutput output) {
        String token;
        try (ConfigurableApplicationContext first = start()) {
            Matcher printed = GENERATED.matcher(output.getOut());
            assertThat(printed.find()).as("the generated token is printed").isTrue();
            token = printed.group(1);
            assertThat(printed.find()).as("printed once").isFalse();
            assertThat(createTenant(first, token)).isEqualTo(201);
            assertThat(createTenant(first, "clb_admin_" + "x".repeat(43))).isEqualTo(401);
        }
        int printedBefore = count(output.getOut());
        try (ConfigurableApplicationContext second = start()) {
            assertThat(count(output.getOut())).as("no new token on restart").isEqualTo(printedBefore);
            assertThat(createTenant(second, token)).isEqualTo(201);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CalibrateApplication.class).run(
                "--calibrate.data-dir=" + dataDir,
                "--server.port=0",
                "--calibrate.admin-token=");
    }

    private static int createTenant(ConfigurableApplicationContext app, String adminToken) {
        String port = app.getEnvironment().getProperty("local.server.port");
        Api api = new Api("http://localhost:" + port, adminToken, new ObjectMapper());
        return api.post("/admin/v1/tenants", adminToken, Map.of("name", "Generated", "defaultCurrency", "EUR")).status();
    }

    private static int count(String out) {
        Matcher m = GENERATED.matcher(out);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
