package dev.calibrate.command.pricechange.run;

import dev.calibrate.command.pricechange.JdbcPreviewStore;
import dev.calibrate.command.pricechange.JdbcPreviewStore.Pending;
import dev.calibrate.command.pricechange.TenantPolicies;
import dev.calibrate.command.pricechange.run.PriceChangeRunner.RunInterrupted;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcomes;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteResult;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrices;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.work.Foreground;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.transaction.PlatformTransactionManager;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A run's chunk gives way while the node's requests are busy: it waits until they are not, at most
 * {@link RunChunks#giveWay()} a chunk, so a run under steady load still ends; a stop while it waits
 * stops the run; with no give-way set the requests are never asked about. Items and command bus are
 * stand-ins; the chunks are three of one item each, on one lane.
 */
@Timeout(30) // a give-way that never ends fails here instead of holding the fork
class RunGivesWayTest {

    private final PriceChangeId change = new PriceChangeId(UUID.randomUUID());
    private final TenantId tenant = new TenantId(UUID.randomUUID());
    private final List<Object> sent = new ArrayList<>();
    private final AtomicInteger asked = new AtomicInteger();
    /** How often the requests had been asked about when each chunk was sent. */
    private final List<Integer> askedBeforeEachChunk = new ArrayList<>();
    private PriceChangeRunner runner;

    @AfterEach
    void close() {
        if (runner != null) {
            runner.destroy();
        }
    }

    @Test
    void aChunkWaitsWhileTheRequestsAreBusyAndGoesOnceTheyAreNot() {
        AtomicBoolean busy = new AtomicBoolean(true);
        runner = runner(Duration.ofMinutes(1), () -> {
            asked.incrementAndGet();
            return busy.get();
        });

        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> runner.run(tenant, change, RunKind.APPLY,
                Actor.SYSTEM, () -> false));
        await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() >= 5);
        assertThat(chunksSent()).as("chunks sent while the requests are busy").isZero();
        busy.set(false);

        run.join();
        assertThat(chunksSent()).isEqualTo(3);
    }

    @Test
    void underSteadyLoadEachChunkWaitsAtMostItsGiveWayAndTheRunEnds() {
        runner = runner(Duration.ofMillis(50), () -> {
            asked.incrementAndGet();
            return true;
        });

        runner.run(tenant, change, RunKind.APPLY, Actor.SYSTEM, () -> false);

        assertThat(chunksSent()).isEqualTo(3);
        // each chunk asked once, and again at least once while it waited (50 ms in 10 ms steps), then went anyway
        assertThat(askedBeforeEachChunk).hasSize(3);
        assertThat(askedBeforeEachChunk.get(0)).isGreaterThanOrEqualTo(2);
        assertThat(askedBeforeEachChunk.get(1) - askedBeforeEachChunk.get(0)).isGreaterThanOrEqualTo(2);
        assertThat(askedBeforeEachChunk.get(2) - askedBeforeEachChunk.get(1)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aStopWhileAChunkGivesWayStopsTheRunWithTheChunkUnsent() {
        runner = runner(Duration.ofMinutes(1), () -> {
            asked.incrementAndGet();
            return true;
        });
        AtomicBoolean stopping = new AtomicBoolean();

        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> runner.run(tenant, change, RunKind.APPLY,
                Actor.SYSTEM, stopping::get));
        await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() >= 2);
        stopping.set(true);

        assertThatThrownBy(run::join).hasCauseInstanceOf(RunInterrupted.class);
        assertThat(sent).isEmpty();
    }

    @Test
    void withoutAGiveWayTheRequestsAreNeverAsked() {
        runner = runner(Duration.ZERO, () -> {
            asked.incrementAndGet();
            return true;
        });

        runner.run(tenant, change, RunKind.APPLY, Actor.SYSTEM, () -> false);

        assertThat(chunksSent()).isEqualTo(3);
        assertThat(asked.get()).isZero();
    }

    private synchronized long chunksSent() {
        return sent.stream().filter(SetProductPrices.class::isInstance).count();
    }

    private PriceChangeRunner runner(Duration giveWay, Foreground foreground) {
        JdbcPreviewStore items = mock(JdbcPreviewStore.class);
        List<Pending> pending = List.of(item(1), item(2), item(3));
        // each read after seq s answers the next item; the pass after the three finds nothing
        when(items.pending(eq(change), eq(RunKind.APPLY), anyInt(), anyInt())).thenAnswer(invocation -> {
            int after = invocation.getArgument(2);
            return chunksSent() >= 3 && after == JdbcPreviewStore.FROM_START ? List.of()
                    : pending.stream().filter(item -> item.seq() > after).limit(1).toList();
        });
        when(items.counts(change, RunKind.APPLY)).thenReturn(new int[]{3, 0});
        CommandGateway commands = mock(CommandGateway.class);
        when(commands.sendAndWait(any())).thenAnswer(invocation -> {
            Object payload = ((CommandMessage<?>) invocation.getArgument(0)).getPayload();
            synchronized (this) {
                sent.add(payload);
                if (payload instanceof SetProductPrices) {
                    askedBeforeEachChunk.add(asked.get());
                }
            }
            return payload instanceof SetProductPrices
                    ? new PriceWriteOutcomes(List.of(new PriceWriteOutcome(PriceWriteResult.WRITTEN, null))) : null;
        });
        return new PriceChangeRunner(items, commands, mock(PlatformTransactionManager.class),
                new RunChunks(1, 1, giveWay), mock(TenantPolicies.class, RETURNS_DEEP_STUBS), foreground);
    }

    private static Pending item(int seq) {
        return new Pending(seq, new ProductId(UUID.randomUUID()), "EUR", new BigDecimal("10.00"), null,
                new BigDecimal("11.00"), null, null, null, null);
    }
}
