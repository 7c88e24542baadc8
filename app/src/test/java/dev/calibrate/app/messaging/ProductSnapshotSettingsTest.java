package dev.calibrate.app.messaging;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The product snapshot settings refuse, at start-up, a count, a pool or a queue that would bound nothing, and
 * the pool refuses a snapshot it has no room for rather than hold it.
 */
class ProductSnapshotSettingsTest {

    @Test
    void boundsWithinTheirRangesAreTaken() {
        assertThat(new ProductSnapshotSettings(10, 1, 1).every()).isEqualTo(10);
        ProductSnapshotSettings widest = new ProductSnapshotSettings(100_000, 8, 100_000);
        assertThat(List.of(widest.every(), widest.threads(), widest.queue())).containsExactly(100_000, 8, 100_000);
    }

    @Test
    void aCountUnderTenOrOverAHundredThousandIsRefused() {
        assertThatThrownBy(() -> new ProductSnapshotSettings(9, 1, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrate.product-snapshots.every");
        assertThatThrownBy(() -> new ProductSnapshotSettings(100_001, 1, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrate.product-snapshots.every");
    }

    @Test
    void noThreadOrMoreThanEightIsRefused() {
        assertThatThrownBy(() -> new ProductSnapshotSettings(200, 0, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> new ProductSnapshotSettings(200, 9, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
    }

    @Test
    void anEmptyQueueOrOneOverAHundredThousandIsRefused() {
        assertThatThrownBy(() -> new ProductSnapshotSettings(200, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue");
        assertThatThrownBy(() -> new ProductSnapshotSettings(200, 1, 100_001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue");
    }

    @Test
    void aSnapshotBeyondTheQueueIsRefusedNotHeld() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        try (ProductSnapshotSettings.SnapshotThreads threads = new ProductSnapshotSettings.SnapshotThreads(1, 1)) {
            threads.execute(() -> awaitQuietly(release)); // the one thread, busy
            threads.execute(() -> ran.add(1));            // the one place in the queue

            assertThatThrownBy(() -> threads.execute(() -> ran.add(2))).isInstanceOf(RejectedExecutionException.class);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.contains(1));
        }
        assertThat(ran).containsExactly(1);
    }

    /** A snapshot is a cache: the ones still waiting when the node stops are dropped, not taken on the way out. */
    @Test
    void closingDropsTheSnapshotsStillWaiting() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        ProductSnapshotSettings.SnapshotThreads threads = new ProductSnapshotSettings.SnapshotThreads(1, 10);
        threads.execute(() -> awaitQuietly(new CountDownLatch(1))); // busy until interrupted
        threads.execute(() -> ran.add(1));

        threads.close();

        assertThat(ran).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
