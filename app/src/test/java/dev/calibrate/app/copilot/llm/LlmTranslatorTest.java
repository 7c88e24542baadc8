package dev.calibrate.app.copilot.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.copilot.translate.TranslatorFailed;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The calls to the model, bounded in time and in number, with a model that never answers (no HTTP). */
class LlmTranslatorTest {

    private static final CopilotSchema SCHEMA = new CopilotSchema(null) {
        @Override
        public String text() {
            return "copilot.products: The tenant's products";
        }
    };

    /** Blocks every call until released (or interrupted, which is how a call past its timeout is cancelled). */
    private static final class StuckModel implements ChatModel {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final AtomicInteger entered = new AtomicInteger();

        @Override
        public ChatResponse doChat(ChatRequest request) {
            entered.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new IllegalStateException("interrupted");
            }
            return ChatResponse.builder().aiMessage(AiMessage.from("SELECT 1")).build();
        }
    }

    private static LlmTranslator translator(ChatModel model, Duration timeout) {
        return new LlmTranslator(model, "stuck-1", timeout, SCHEMA, LlmExamples.load(new ObjectMapper()));
    }

    @Test
    void aCallPastTheTimeoutIsRefusedAndCancelled() throws InterruptedException {
        StuckModel model = new StuckModel();
        try (LlmTranslator translator = translator(model, Duration.ofMillis(300))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> translator.translate("Which shelves are tidy?"))
                    .isInstanceOfSatisfying(TranslatorFailed.class, failed -> {
                        assertThat(failed.rule()).isEqualTo("llm-unavailable");
                        assertThat(failed.getMessage()).isEqualTo("the language model did not answer within 300 ms");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(model.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void atMostEightCallsAtOnceTheNextIsRefusedNotQueued() throws Exception {
        StuckModel model = new StuckModel();
        ExecutorService askers = Executors.newFixedThreadPool(LlmTranslator.IN_FLIGHT);
        try (LlmTranslator translator = translator(model, Duration.ofSeconds(30))) {
            List<Future<?>> open = new ArrayList<>();
            for (int i = 0; i < LlmTranslator.IN_FLIGHT; i++) {
                open.add(askers.submit(() -> translator.translate("Which shelves are tidy?")));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (model.entered.get() < LlmTranslator.IN_FLIGHT && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(model.entered.get()).isEqualTo(LlmTranslator.IN_FLIGHT);

            assertThatThrownBy(() -> translator.translate("Which shelves are full?"))
                    .isInstanceOfSatisfying(TranslatorFailed.class, failed -> {
                        assertThat(failed.rule()).isEqualTo("llm-unavailable");
                        assertThat(failed.getMessage()).isEqualTo("the language model is busy with other questions");
                    });
            model.release.countDown();
            for (Future<?> call : open) {
                assertThat(call.get(10, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            askers.shutdownNow();
        }
    }
}
