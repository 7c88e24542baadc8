package dev.calibrate.command.pricing.compiled;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Blocks made on other threads arrive in order; the caller never depends on the executor to get them. */
class OrderedBlocksTest {

    @Test
    void blocksMadeOnSeveralThreadsAreWrittenInTheirOrder() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Integer> seen = new ArrayList<>();
            long written = OrderedBlocks.write(50, i -> new byte[]{(byte) i, (byte) (i * 3)}, block -> seen.add((int) block[0]),
                    threads);
            assertThat(written).isEqualTo(100);
            assertThat(seen).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anExecutorThatNeverRunsAnythingOnlyLeavesTheWorkToTheCaller() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        OrderedBlocks.write(7, i -> new byte[]{(byte) i}, block -> out.write(block, 0, block.length), task -> { });

        assertThat(out.toByteArray()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void whatMakingABlockThrowsIsThrownAsItWasAndLaterBlocksAreNeverMade() {
        IllegalStateException broken = new IllegalStateException("block 2 cannot be made");
        AtomicInteger made = new AtomicInteger();

        assertThatThrownBy(() -> OrderedBlocks.write(100, i -> {
            made.incrementAndGet();
            if (i == 2) throw broken;
            return new byte[]{(byte) i};
        }, block -> { }, Runnable::run)).isSameAs(broken);
        assertThat(made.get()).as("only the blocks made ahead before the failure").isLessThanOrEqualTo(7);
    }

    @Test
    void whatTheSinkThrowsStopsTheWriting() {
        AtomicInteger writes = new AtomicInteger();

        assertThatThrownBy(() -> OrderedBlocks.write(10, i -> new byte[1], block -> {
            writes.incrementAndGet();
            throw new java.io.IOException("connection lost");
        }, task -> { })).hasMessage("connection lost");
        assertThat(writes.get()).isEqualTo(1);
    }
}
