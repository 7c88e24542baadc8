package dev.calibrate.kernel.work;

import dev.calibrate.kernel.work.WorkerLanes.OnClose;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerLanesTest {

    private static final long WAIT_SECONDS = 10;

    @Test
    void threadsAreNamedDaemons() throws Exception {
        try (WorkerLanes lanes = WorkerLanes.of("catalog-ingest", 2, OnClose.FINISH_SUBMITTED)) {
            Thread thread = lanes.submit(Thread::currentThread).get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(thread.getName()).matches("catalog-ingest-[12]");
            assertThat(thread.isDaemon()).isTrue();
        }
    }

    @Test
    void neverRunsMoreWorkAtOnceThanItHasLanes() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch bothLanesBusy = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try (WorkerLanes lanes = WorkerLanes.of("bounded", 2, OnClose.FINISH_SUBMITTED)) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                work.add(lanes.submit(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    bothLanesBusy.countDown();
                    await(release);
                    running.decrementAndGet();
                }));
            }
            assertThat(bothLanesBusy.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (Future<?> done : work) {
                done.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void closingLetsSubmittedWorkFinishAndRefusesNewWork() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        WorkerLanes lanes = WorkerLanes.of("finishing", 1, OnClose.FINISH_SUBMITTED);
        Future<String> running = lanes.submit(() -> {
            await(release);
            return "first";
        });
        Future<String> queued = lanes.submit(() -> "second");

        lanes.close();
        release.countDown();

        assertThat(running.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(queued.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(lanes.closed()).isTrue();
        assertThatThrownBy(() -> lanes.submit(() -> "late")).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void closingInterruptsRunningWorkWhenToldTo() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        WorkerLanes lanes = WorkerLanes.of("interrupting", 1, OnClose.INTERRUPT);
        lanes.submit(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        lanes.close();

        assertThat(interrupted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> lanes.submit(() -> "late")).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void refusesLanesWithoutANameOrWithoutThreads() {
        assertThatThrownBy(() -> WorkerLanes.of(" ", 1, OnClose.INTERRUPT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> WorkerLanes.of("none", 0, OnClose.INTERRUPT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one lane");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released its lane");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
