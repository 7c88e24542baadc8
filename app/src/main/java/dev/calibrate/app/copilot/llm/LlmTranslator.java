package dev.calibrate.app.copilot.llm;

import dev.calibrate.app.copilot.translate.Translation;
import dev.calibrate.app.copilot.translate.Translator;
import dev.calibrate.app.copilot.translate.TranslatorFailed;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks an OpenAI-compatible chat model for the statement (LangChain4j, over the JDK's HTTP client). The
 * model only proposes: its statement goes through the same guard and executor as the embedded
 * translator's. A model that is unreachable, slow, failing or unreadable gives {@link TranslatorFailed}
 * ({@code llm-unavailable}); a model that declines, or writes prose, gives no translation.
 * <p>
 * The API key lives in the chat model's client only. A failure is logged by the class names of its
 * causes, never their messages, which may quote the service's answer or the request.
 */
public class LlmTranslator implements Translator {

    public static final String NAME = "llm";
    static final String UNAVAILABLE = "llm-unavailable";

    private static final Logger log = LoggerFactory.getLogger(LlmTranslator.class);

    private final ChatModel chat;
    private final String model;
    private final Duration timeout;
    private final CopilotSchema schema;
    private final LlmExamples examples;

    public LlmTranslator(ChatModel chat, String model, Duration timeout, CopilotSchema schema, LlmExamples examples) {
        this.chat = chat;
        this.model = model;
        this.timeout = timeout;
        this.schema = schema;
        this.examples = examples;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> model() {
        return Optional.of(model);
    }

    @Override
    public Optional<Translation> translate(String question) {
        String system;
        try {
            system = LlmPrompt.system(schema.text(), examples.closestTo(question));
        } catch (RuntimeException e) {
            log.warn("The copilot could not describe its views for the language model: {}", causes(e));
            throw new TranslatorFailed(UNAVAILABLE, "the copilot could not describe its views to the language model");
        }
        ChatResponse response;
        try {
            response = chat.chat(ChatRequest.builder()
                    .messages(SystemMessage.from(system), UserMessage.from(question))
                    .build());
        } catch (RuntimeException e) {
            if (timedOut(e)) {
                log.warn("The copilot's language model {} did not answer within {} ms: {}", model, timeout.toMillis(),
                        causes(e));
                throw new TranslatorFailed(UNAVAILABLE, "the language model did not answer within "
                        + timeout.toSeconds() + " s");
            }
            log.warn("The copilot's language model {} failed: {}", model, causes(e));
            throw new TranslatorFailed(UNAVAILABLE, "the language model could not be reached, failed, or answered "
                    + "something unreadable");
        }
        AiMessage message = response == null ? null : response.aiMessage();
        return LlmReply.statement(message == null ? null : message.text())
                .map(sql -> new Translation(sql, "results"));
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.langchain4j.exception.TimeoutException
                    || cause instanceof java.net.http.HttpTimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The chain of causes by class, without messages. */
    private static String causes(Throwable e) {
        List<String> names = new ArrayList<>();
        for (Throwable cause = e; cause != null && names.size() < 5; cause = cause.getCause()) {
            names.add(cause.getClass().getName());
        }
        return String.join(" <- ", names);
    }
}
