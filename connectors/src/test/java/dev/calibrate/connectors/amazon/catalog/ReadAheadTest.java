package dev.calibrate.connectors.amazon.catalog;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Reading ahead of writing through a bounded queue, with real threads. */
class ReadAheadTest {

    @Test
    void everyBatchIsWrittenInTheOrderReadAndTheReadersResultIsAnswered() {
        List<Integer> written = new ArrayList<>();

        String result = ReadAhead.<Integer, String>run("reader", 3, sink -> {
            for (int i = 0; i < 50; i++) {
                sink.emit(i);
            }
            return "read 50";
        }, written::addAll);

        assertThat(result).isEqualTo("read 50");
        assertThat(written).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
    }

    @Test
    void writingStartsBeforeReadingEnds() throws Exception {
        CountDownLatch firstWritten = new CountDownLatch(1);
        AtomicBoolean readingEndedBeforeTheFirstWrite = new AtomicBoolean();

        ReadAhead.<Integer, Void>run("reader", 4, sink -> {
            sink.emit(1);
            try {
                readingEndedBeforeTheFirstWrite.set(!firstWritten.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            sink.emit(2);
            return null;
        }, batches -> firstWritten.countDown());

        assertThat(readingEndedBeforeTheFirstWrite).isFalse();
    }

    @Test
    void theReaderWaitsOnceTheQueueIsFull() throws Exception {
        int capacity = 3;
        AtomicInteger emitted = new AtomicInteger();
        CountDownLatch writerMayGoOn = new CountDownLatch(1);
        List<Integer> written = new ArrayList<>();
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> ReadAhead.<Integer, Void>run("reader", capacity,
                sink -> {
                    for (int i = 0; i < 100; i++) {
                        sink.emit(i);
                        emitted.incrementAndGet();
                    }
                    return null;
                }, batches -> {
                    try {
                        writerMayGoOn.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    written.addAll(batches);
                }));

        // the writer holds what it took (up to capacity batches), the queue holds capacity more
        await().atMost(10, TimeUnit.SECONDS).until(() -> emitted.get() >= capacity + 1);
        Thread.sleep(300);
        assertThat(emitted.get()).as("batches the reader got rid of while the writer was stuck")
                .isBetween(capacity + 1, 2 * capacity);

        writerMayGoOn.countDown();
        running.get(10, TimeUnit.SECONDS);
        assertThat(emitted).hasValue(100);
        assertThat(written).hasSize(100);
    }

    @Test
    void aReadingFailureComesAfterTheBatchesReadBeforeIt() {
        List<Integer> written = new ArrayList<>();

        assertThatThrownBy(() -> ReadAhead.<Integer, Void>run("reader", 2, sink -> {
            sink.emit(1);
            sink.emit(2);
            throw new IllegalArgumentException("Amazon said no");
        }, written::addAll)).isInstanceOf(IllegalArgumentException.class).hasMessage("Amazon said no");

        assertThat(written).containsExactly(1, 2);
    }

    @Test
    void aWritingFailureStopsTheReadingBeforeItsNextCallAndTheReaderHasEndedWhenRunAnswers() {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean readerRunning = new AtomicBoolean(true);

        assertThatThrownBy(() -> ReadAhead.<Integer, Void>run("reader", 2, sink -> {
            try {
                while (!sink.stopped()) {
                    calls.incrementAndGet();
                    sink.emit(calls.get());
                    Thread.sleep(5);
                }
                return null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                readerRunning.set(false);
            }
        }, batches -> {
            if (batches.contains(3)) {
                throw new IllegalStateException("the database is gone");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("the database is gone");

        assertThat(readerRunning).as("the reading thread ended before run answered").isFalse();
        int afterwards = calls.get();
        assertThat(afterwards).as("calls the reader made: it stopped soon after the failure").isLessThan(3 + 2 * 2 + 2);
    }

    @Test
    void anInterruptedWriterStopsTheReadingAndSaysSo() throws Exception {
        AtomicBoolean readerRunning = new AtomicBoolean(true);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread writing = new Thread(() -> {
            try {
                ReadAhead.<Integer, Void>run("reader", 2, sink -> {
                    try {
                        while (!sink.stopped()) {
                            Thread.sleep(5); // a slow read: nothing to write yet
                        }
                        return null;
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        readerRunning.set(false);
                    }
                }, batches -> {
                });
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        writing.start();
        Thread.sleep(100);

        writing.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(ReadAhead.Interrupted.class);
        assertThat(readerRunning).as("the reading thread ended before run answered").isFalse();
    }

    @Test
    void aQueueOfNoBatchesIsRefused() {
        assertThatThrownBy(() -> ReadAhead.<Integer, Void>run("reader", 0, sink -> null, batches -> {
        })).isInstanceOf(IllegalArgumentException.class);
    }
}
