package dev.calibrate.command.pricechange;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Previews evaluate on their own bounded threads, never the JVM's common pool, and fail as they would have. */
class PreviewPoolTest {

    private final PreviewPool pool = new PreviewPool(new PreviewLimits(Duration.ofSeconds(5), 2, 2));

    @AfterEach
    void close() {
        pool.destroy();
    }

    @Test
    void aParallelStreamStartedInThePoolRunsOnItsThreadsAlone() {
        Set<String> threads = pool.run(() -> IntStream.range(0, 200_000).parallel()
                .mapToObj(i -> Thread.currentThread().getName()).collect(Collectors.toSet()));

        assertThat(threads).isNotEmpty().hasSizeLessThanOrEqualTo(2).allMatch(name -> name.startsWith("preview-"));
    }

    @Test
    void whatTheWorkThrowsIsThrownAsItWas() {
        IllegalArgumentException thrown = new IllegalArgumentException("over budget");

        assertThatThrownBy(() -> pool.run(() -> {
            throw thrown;
        })).isSameAs(thrown);
    }

    @Test
    void aPoolWithoutThreadsIsRefused() {
        assertThatThrownBy(() -> new PreviewLimits(Duration.ofSeconds(5), 2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thread");
    }
}
