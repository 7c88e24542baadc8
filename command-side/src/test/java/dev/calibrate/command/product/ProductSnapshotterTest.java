package dev.calibrate.command.product;

import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathHandlerDefinition;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * When the snapshotter hands a product's snapshot to its pool: at once outside a transaction, once the
 * transaction has committed inside one (each product once, however often it was asked), never on a rollback;
 * and a pool with no room never fails the caller, whose work has committed: the snapshot is counted as skipped.
 */
class ProductSnapshotterTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final ProductId MUG = ProductId.forSku(ACME, "MUG-001");
    private static final ProductId TEE = ProductId.forSku(ACME, "TEE-001");

    private final List<Runnable> handed = new ArrayList<>();
    private final EmbeddedEventStore events = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();

    @AfterEach
    void closeTheTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
        events.shutDown();
    }

    @Test
    void outsideATransactionASnapshotIsHandedOnAtOnce() {
        snapshotter(handed::add).takeIfDue(MUG, 200);

        assertThat(handed).hasSize(1);
    }

    @Test
    void belowTheCountNoSnapshotIsAskedFor() {
        snapshotter(handed::add).takeIfDue(MUG, 199);

        assertThat(handed).isEmpty();
    }

    @Test
    void inATransactionSnapshotsWaitForItsCommitAndEachProductGoesOnce() {
        ProductSnapshotter snapshotter = snapshotter(handed::add);
        TransactionSynchronizationManager.initSynchronization();

        snapshotter.takeIfDue(MUG, 250);
        snapshotter.takeIfDue(TEE, 300);
        snapshotter.takeIfDue(MUG, 251);

        assertThat(handed).isEmpty();
        assertThat(TransactionSynchronizationManager.getSynchronizations()).hasSize(1);
        TransactionSynchronizationUtils.triggerAfterCommit();
        assertThat(handed).hasSize(2);
    }

    @Test
    void aTransactionRolledBackAsksForNothing() {
        ProductSnapshotter snapshotter = snapshotter(handed::add);
        TransactionSynchronizationManager.initSynchronization();

        snapshotter.takeIfDue(MUG, 250);
        TransactionSynchronizationUtils.triggerAfterCompletion(
                org.springframework.transaction.support.TransactionSynchronization.STATUS_ROLLED_BACK);

        assertThat(handed).isEmpty();
    }

    @Test
    void aPoolWithNoRoomFailsNoCommittedWorkAndCountsTheSnapshotSkipped() {
        ProductSnapshotter snapshotter = snapshotter(task -> {
            throw new RejectedExecutionException("no room");
        });
        TransactionSynchronizationManager.initSynchronization();
        snapshotter.takeIfDue(MUG, 250);
        snapshotter.takeIfDue(TEE, 250);

        assertThatCode(TransactionSynchronizationUtils::triggerAfterCommit).doesNotThrowAnyException();
        TransactionSynchronizationManager.clearSynchronization();
        assertThatCode(() -> snapshotter.takeIfDue(MUG, 250)).doesNotThrowAnyException();

        assertThat(snapshotter.skipped()).isEqualTo(3);
    }

    private ProductSnapshotter snapshotter(Executor executor) {
        return new ProductSnapshotter(events, NoTransactionManager.INSTANCE, executor,
                ClasspathParameterResolverFactory.forClass(Product.class),
                ClasspathHandlerDefinition.forClass(Product.class), 200);
    }
}
