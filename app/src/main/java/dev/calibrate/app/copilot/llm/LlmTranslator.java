package dev.calibrate.app.copilot.llm;

import dev.calibrate.app.copilot.translate.Translation;
import dev.calibrate.app.copilot.translate.Translator;
import dev.calibrate.app.copilot.translate.TranslatorFailed;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.HttpException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks an OpenAI-compatible chat model for the statement (LangChain4j, over the JDK's HTTP client). The
 * model only proposes: its statement goes through the same guard and executor as the embedded
 * translator's. A model that is unreachable, slow, failing or unreadable gives {@link TranslatorFailed}
 * ({@code llm-unavailable}); a model that declines, or writes prose, gives no translation.
 * <p>
 * The API key lives in the chat model's client only. A failure is logged by the class names of its
 * causes, never their messages, which may quote the service's answer or the request.
 * <p>
 * The HTTP client's timeout ends only the wait for the response's headers; a model that sends them and
 * then trickles its body would hold the question's thread for as long as it likes. So each call runs on a
 * thread of its own, at most {@link #IN_FLIGHT} at once on a node, and the question waits for it no longer
 * than the timeout; then the call is cancelled.
 */
public class LlmTranslator implements Translator, AutoCloseable {

    public static final String NAME = "llm";
    static final String UNAVAILABLE = "llm-unavailable";
    /** Calls to the model at once on one node; a question beyond them is refused rather than queued. */
    static final int IN_FLIGHT = 8;

    private static final Logger log = LoggerFactory.getLogger(LlmTranslator.class);

    private final ChatModel chat;
    private final String model;
    private final Duration timeout;
    private final CopilotSchema schema;
    private final LlmExamples examples;
    private final ExecutorService calls;

    public LlmTranslator(ChatModel chat, String model, Duration timeout, CopilotSchema schema, LlmExamples examples) {
        this.chat = chat;
        this.model = model;
        this.timeout = timeout;
        this.schema = schema;
        this.examples = examples;
        AtomicInteger threads = new AtomicInteger();
        this.calls = new ThreadPoolExecutor(0, IN_FLIGHT, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "copilot-llm-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from(system), UserMessage.from(question))
                .build();
        ChatResponse response = call(request);
        AiMessage message = response == null ? null : response.aiMessage();
        return LlmReply.statement(message == null ? null : message.text())
                .map(sql -> new Translation(sql, "results"));
    }

    private ChatResponse call(ChatRequest request) {
        Future<ChatResponse> call;
        try {
            call = calls.submit(() -> chat.chat(request));
        } catch (RejectedExecutionException e) {
            log.warn("The copilot's language model {} has {} questions open already", model, IN_FLIGHT);
            throw new TranslatorFailed(UNAVAILABLE, "the language model is busy with other questions");
        }
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            call.cancel(true);
            throw timedOut(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (isTimeout(cause)) {
                throw timedOut(cause);
            }
            log.warn("The copilot's language model {} failed{}: {}", model, status(cause), causes(cause));
            throw new TranslatorFailed(UNAVAILABLE, "the language model could not be reached, failed, or answered "
                    + "something unreadable");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new TranslatorFailed(UNAVAILABLE, "the question was interrupted");
        }
    }

    private TranslatorFailed timedOut(Throwable e) {
        log.warn("The copilot's language model {} did not answer within {} ms: {}", model, timeout.toMillis(),
                causes(e));
        return new TranslatorFailed(UNAVAILABLE, "the language model did not answer within " + waited());
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }

    private String waited() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static boolean isTimeout(Throwable e) {
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

    /** " with HTTP 401" when the API answered an error status; its body (the message) is not logged. */
    private static String status(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http) {
                return " with HTTP " + http.statusCode();
            }
        }
        return "";
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
