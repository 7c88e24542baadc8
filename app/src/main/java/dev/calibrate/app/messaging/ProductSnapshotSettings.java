package dev.calibrate.app.messaging;

import dev.calibrate.command.product.ProductSnapshotter;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When a product's snapshot is taken ({@code calibrate.product-snapshots.*}, docs/operations.md#product-snapshots).
 *
 * @param every   messages a load of a product read (its snapshot, counting one, and the events after it) from which
 *                the command or run's chunk that loaded it takes a new one (10 to 100,000): about what loading a
 *                product reads at most
 * @param threads threads of a node that take snapshots, after the commands and chunks that asked (1 to 8)
 * @param queue   snapshots waiting for those threads at most (1 to 100,000); one asked for beyond it is skipped
 *                and asked for again by the next command or chunk on the product
 */
@ConfigurationProperties("calibrate.product-snapshots")
public record ProductSnapshotSettings(@DefaultValue("200") int every,
                                      @DefaultValue("1") int threads,
                                      @DefaultValue("1000") int queue) {

    public ProductSnapshotSettings {
        if (every < 10 || every > 100_000) {
            throw new IllegalArgumentException("calibrate.product-snapshots.every must be 10 to 100,000, not " + every);
        }
        if (threads < 1 || threads > 8) {
            throw new IllegalArgumentException("calibrate.product-snapshots.threads must be 1 to 8, not " + threads);
        }
        if (queue < 1 || queue > 100_000) {
            throw new IllegalArgumentException("calibrate.product-snapshots.queue must be 1 to 100,000, not " + queue);
        }
    }

    /** The product's snapshotter, its trigger and filter (named by the aggregate) and the threads it runs on. */
    @Configuration(proxyBeanMethods = false)
    static class Wiring {

        @Bean
        SnapshotThreads productSnapshotThreads(ProductSnapshotSettings settings) {
            return new SnapshotThreads(settings.threads(), settings.queue());
        }

        @Bean
        ProductSnapshotter productSnapshotter(@Lazy EventStore events, TransactionManager transactions,
                                              SnapshotThreads threads, ParameterResolverFactory parameters,
                                              HandlerDefinition handlers, ProductSnapshotSettings settings) {
            return new ProductSnapshotter(events, transactions, threads, parameters, handlers, settings.every());
        }

        @Bean(ProductSnapshotter.TRIGGER)
        SnapshotTriggerDefinition productSnapshotTrigger(ProductSnapshotter snapshotter) {
            return snapshotter.trigger();
        }

        @Bean(ProductSnapshotter.FILTER)
        SnapshotFilter productSnapshotFilter() {
            return ProductSnapshotter.filter();
        }
    }

    /**
     * A bounded pool: a snapshot it has no room for is refused, which the snapshotter counts and forgets (the
     * product is asked for one again by its next command or chunk past the count). Closed with the context,
     * dropping the snapshots still waiting.
     */
    static final class SnapshotThreads implements Executor, AutoCloseable {

        private final ThreadPoolExecutor pool;

        SnapshotThreads(int threads, int queue) {
            AtomicInteger count = new AtomicInteger();
            pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(queue),
                    task -> {
                        Thread thread = new Thread(task, "product-snapshot-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    }, new ThreadPoolExecutor.AbortPolicy());
        }

        @Override
        public void execute(Runnable task) {
            pool.execute(task);
        }

        /** Snapshots still waiting are dropped: they are a cache, asked for again after the restart. */
        @Override
        public void close() throws InterruptedException {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
