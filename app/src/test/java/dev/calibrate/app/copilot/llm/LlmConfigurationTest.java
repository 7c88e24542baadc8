package dev.calibrate.app.copilot.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.copilot.CopilotSettings;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LLM translator exists only when its URL, key and model are all set; its settings never print the key;
 * the request carries the temperature and token limit as set; the start line says whether it is on.
 */
class LlmConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CopilotSettings.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class, LlmConfiguration.class)
            // never used here: the schema is read at the first question
            .withBean(JdbcTemplate.class, () -> new JdbcTemplate(new DriverManagerDataSource()))
            .withBean(ObjectMapper.class, ObjectMapper::new);

    @Test
    void onWhenUrlKeyAndModelAreAllSet() {
        runner.withPropertyValues("calibrate.copilot.llm.base-url=http://localhost:1/v1",
                        "calibrate.copilot.llm.api-key=sk-configured-0123", "calibrate.copilot.llm.model=m-1")
                .run(context -> {
                    assertThat(context).hasSingleBean(LlmTranslator.class);
                    assertThat(context.getBean(LlmTranslator.class).model()).contains("m-1");
                    assertThat(context.getBean(CopilotSettings.class).toString()).doesNotContain("sk-configured-0123");
                });
    }

    @Test
    void offWhenAnyOfThemIsMissingOrBlank() {
        runner.run(context -> assertThat(context).doesNotHaveBean(LlmTranslator.class));
        runner.withPropertyValues("calibrate.copilot.llm.base-url=http://localhost:1/v1",
                        "calibrate.copilot.llm.model=m-1")
                .run(context -> assertThat(context).doesNotHaveBean(LlmTranslator.class));
        runner.withPropertyValues("calibrate.copilot.llm.base-url=http://localhost:1/v1",
                        "calibrate.copilot.llm.api-key=sk-x", "calibrate.copilot.llm.model= ")
                .run(context -> assertThat(context).doesNotHaveBean(LlmTranslator.class));
    }

    @Test
    void theTokenLimitGoesInTheFieldChosenAndAnEmptyTemperatureIsNotSent() throws Exception {
        WireMockServer llm = new WireMockServer(options().dynamicPort());
        llm.start();
        try {
            llm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("""
                    {"id": "c-1", "object": "chat.completion", "model": "m-1", "choices": [{"index": 0,
                     "message": {"role": "assistant", "content": "SELECT 1"}, "finish_reason": "stop"}]}""")));
            ask(new CopilotSettings.Llm(llm.baseUrl() + "/v1", "sk-1", "m-1", Duration.ofSeconds(10), 300, "",
                    CopilotSettings.Llm.TokenLimit.MAX_COMPLETION_TOKENS));
            ask(new CopilotSettings.Llm(llm.baseUrl() + "/v1", "sk-1", "m-1", Duration.ofSeconds(10), 200, "0.5",
                    CopilotSettings.Llm.TokenLimit.MAX_TOKENS));

            List<LoggedRequest> requests = llm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
            assertThat(requests).hasSize(2);
            JsonNode first = new ObjectMapper().readTree(requests.get(0).getBodyAsString());
            assertThat(first.path("max_completion_tokens").asInt()).isEqualTo(300);
            assertThat(first.has("max_tokens")).isFalse();
            assertThat(first.has("temperature")).isFalse();
            JsonNode second = new ObjectMapper().readTree(requests.get(1).getBodyAsString());
            assertThat(second.path("max_tokens").asInt()).isEqualTo(200);
            assertThat(second.path("temperature").asDouble()).isEqualTo(0.5);
            assertThat(second.has("max_completion_tokens")).isFalse();
        } finally {
            llm.stop();
        }
    }

    private static void ask(CopilotSettings.Llm settings) {
        LlmConfiguration.chatModel(settings).chat(ChatRequest.builder().messages(UserMessage.from("Which?")).build());
    }

    @Test
    void aTemperatureOutsideZeroToTwoIsRefusedAtStart() {
        runner.withPropertyValues("calibrate.copilot.llm.temperature=2.5").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("temperature must be from 0 to 2"));
        runner.withPropertyValues("calibrate.copilot.llm.temperature=warm").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("temperature must be from 0 to 2"));
        runner.withPropertyValues("calibrate.copilot.llm.token-limit=max-characters").run(context ->
                assertThat(context).hasFailed());
        runner.withPropertyValues("calibrate.copilot.llm.temperature=", "calibrate.copilot.llm.token-limit="
                        + "max-completion-tokens")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CopilotSettings.Llm llm = context.getBean(CopilotSettings.class).llm();
                    assertThat(llm.temperatureValue()).isNull();
                    assertThat(llm.tokenLimit()).isEqualTo(CopilotSettings.Llm.TokenLimit.MAX_COMPLETION_TOKENS);
                });
    }

    @Test
    void theStartLineSaysOffOnOrWhatIsMissingAndWarnsOfPlainHttpButNeverShowsTheKey() {
        assertThat(LlmStatus.lines(new CopilotSettings.Llm("", "", "", Duration.ofSeconds(1), 1, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS)))
                .containsExactly(new LlmStatus.Line(false,
                        "Copilot LLM translator: off (the embedded translator answers alone)"));
        assertThat(LlmStatus.lines(new CopilotSettings.Llm("https://llm.example/v1", "", "", Duration.ofSeconds(1), 1, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS)))
                .containsExactly(new LlmStatus.Line(true, "Copilot LLM translator: off, because "
                        + "CALIBRATE_COPILOT_LLM_API_KEY and CALIBRATE_COPILOT_LLM_MODEL are not set (all three of "
                        + "base URL, API key and model are needed)"));
        assertThat(LlmStatus.lines(new CopilotSettings.Llm("https://llm.example:8443/v1", "sk-secret-key", "m-1",
                Duration.ofSeconds(20), 1, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS)))
                .containsExactly(new LlmStatus.Line(false,
                        "Copilot LLM translator: on, model m-1 at https://llm.example:8443, timeout 20000 ms"));
        assertThat(LlmStatus.lines(new CopilotSettings.Llm("http://10.1.2.3/v1", "sk-secret-key", "m-1",
                Duration.ofSeconds(20), 1, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS)))
                .extracting(LlmStatus.Line::warning).containsExactly(false, true);
        assertThat(LlmStatus.lines(new CopilotSettings.Llm("http://127.0.0.1:11434/v1", "sk-secret-key", "m-1",
                Duration.ofSeconds(20), 1, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS)))
                .extracting(LlmStatus.Line::warning).containsExactly(false);
        assertThat(LlmStatus.lines(new CopilotSettings.Llm("http://localhost:11434/v1", "sk-secret-key", "m-1",
                Duration.ofSeconds(20), 1, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS)))
                .extracting(LlmStatus.Line::warning).containsExactly(false);
        assertThat(LlmStatus.lines(new CopilotSettings.Llm("http://llm.example/v1", "sk-secret-key", "m-1",
                Duration.ofSeconds(20), 1, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS)).toString()).doesNotContain("sk-secret-key").contains("plain http");
    }
}
