package dev.calibrate.app.copilot;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings the copilot could not honour stop the start; neither secret is ever printed. */
class CopilotSettingsTest {

    private static final CopilotSettings.Db DB = new CopilotSettings.Db("", "calibrate_copilot", "hunter2", true, 3,
            Duration.ofSeconds(1), Duration.ofSeconds(5));
    private static final CopilotSettings.Llm LLM = new CopilotSettings.Llm("https://llm.example/v1", "sk-secret",
            "small", Duration.ofSeconds(20), 1000, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS);

    private static CopilotSettings settings(Duration timeout, int maxRows, int perMinute, int inFlight) {
        return new CopilotSettings(timeout, maxRows, DataSize.ofKilobytes(4), DataSize.ofMegabytes(2), perMinute,
                inFlight, DB, LLM);
    }

    @Test
    void refusesLimitsItCouldNotHonour() {
        assertThatThrownBy(() -> settings(Duration.ofSeconds(6), 1000, 30, 1))
                .hasMessageContaining("statement-timeout");
        assertThatThrownBy(() -> settings(Duration.ZERO, 1000, 30, 1)).hasMessageContaining("statement-timeout");
        assertThatThrownBy(() -> settings(Duration.ofSeconds(5), 0, 30, 1)).hasMessageContaining("max-rows");
        assertThatThrownBy(() -> settings(Duration.ofSeconds(5), 1000, 0, 1))
                .hasMessageContaining("questions-per-minute");
        assertThatThrownBy(() -> settings(Duration.ofSeconds(5), 1000, 30, 0))
                .hasMessageContaining("max-in-flight-per-tenant");
        assertThat(settings(Duration.ofSeconds(5), 1, 1, 1).maxRows()).isEqualTo(1);
    }

    @Test
    void refusesAnLlmItCouldNotCall() {
        assertThatThrownBy(() -> new CopilotSettings.Llm("api.openai.com/v1", "k", "m", Duration.ofSeconds(1), 1, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS))
                .hasMessageContaining("base-url");
        assertThatThrownBy(() -> new CopilotSettings.Llm("file:///etc/passwd", "k", "m", Duration.ofSeconds(1), 1, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS))
                .hasMessageContaining("base-url");
        assertThatThrownBy(() -> new CopilotSettings.Llm("https://x/v1", "k", "m", Duration.ZERO, 1, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> new CopilotSettings.Llm("https://x/v1", "k", "m", Duration.ofSeconds(1), 0, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS))
                .hasMessageContaining("max-tokens");
        assertThatThrownBy(() -> new CopilotSettings.Db("", "u", "", true, 3, Duration.ofMillis(10), Duration.ofSeconds(5)))
                .hasMessageContaining("connection-timeout");
    }

    @Test
    void neverPrintsThePasswordOrTheKey() {
        assertThat(DB.toString()).doesNotContain("hunter2").contains("password=******");
        assertThat(LLM.toString()).doesNotContain("sk-secret").contains("apiKey=******");
        assertThat(settings(Duration.ofSeconds(5), 1000, 30, 1).toString()).doesNotContain("hunter2", "sk-secret");
    }
}
