package dev.calibrate.app.copilot.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.copilot.CopilotSettings;
import dev.langchain4j.model.openai.OpenAiChatModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The LLM translator, when {@code calibrate.copilot.llm.base-url}, {@code api-key} and {@code model} are
 * all set; without them there is no such bean and the copilot has its embedded translator alone.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LlmConfiguration.Configured.class)
class LlmConfiguration {

    @Bean
    LlmTranslator llmTranslator(CopilotSettings settings, JdbcTemplate main, ObjectMapper mapper) {
        CopilotSettings.Llm llm = settings.llm();
        return new LlmTranslator(chatModel(llm), llm.model(), llm.timeout(), new CopilotSchema(main),
                LlmExamples.load(mapper));
    }

    static OpenAiChatModel chatModel(CopilotSettings.Llm llm) {
        OpenAiChatModel.OpenAiChatModelBuilder chat = OpenAiChatModel.builder()
                .baseUrl(llm.baseUrl())
                .apiKey(llm.apiKey())
                .modelName(llm.model())
                .timeout(llm.timeout())
                .temperature(llm.temperatureValue())
                // one try: a retry would double the wait of a question whose model is slow
                .maxRetries(0)
                // the requests carry the key in a header and the responses the model's text: neither is logged
                .logRequests(false)
                .logResponses(false);
        if (llm.tokenLimit() == CopilotSettings.Llm.TokenLimit.MAX_COMPLETION_TOKENS) {
            chat.maxCompletionTokens(llm.maxTokens());
        } else {
            chat.maxTokens(llm.maxTokens());
        }
        return chat.build();
    }

    static class Configured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            var environment = context.getEnvironment();
            return hasText(environment.getProperty("calibrate.copilot.llm.base-url"))
                    && hasText(environment.getProperty("calibrate.copilot.llm.api-key"))
                    && hasText(environment.getProperty("calibrate.copilot.llm.model"));
        }

        private static boolean hasText(String value) {
            return value != null && !value.isBlank();
        }
    }
}
