package dev.calibrate.app.messaging;

import dev.calibrate.app.support.IntegrationTest;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What loading an aggregate for a command costs in this application: its target is resolved by the
 * cached resolver, and its events are read without first asking PostgreSQL for a snapshot no
 * aggregate takes. The statements reaching the database are recorded at the JDBC connection.
 */
class AggregateLoadingTest extends IntegrationTest {

    @Autowired
    private EventStorageEngine storage;
    @Autowired
    private Configuration axon;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private ListableBeanFactory beans;
    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;

    private final List<String> statements = new CopyOnWriteArrayList<>();

    @Test
    void aggregatesResolveTheirCommandsTargetWithTheCachedResolver() {
        assertThat(axon.getComponent(CommandTargetResolver.class)).isInstanceOf(CachingCommandTargetResolver.class);
    }

    @Test
    void theEventStoreSkipsSnapshotsSinceNoAggregateTakesThem() {
        // the check looks at the aggregates Spring knows, so it must see them
        assertThat(beans.getBeanNamesForAnnotation(Aggregate.class)).isNotEmpty();
        assertThat(SnapshotlessEventStorageEngine.snapshotsDeclaredIn(beans)).isFalse();
        assertThat(storage).isInstanceOf(SnapshotlessEventStorageEngine.class);
    }

    @Test
    void loadingAnAggregateReadsItsEventsAndNoSnapshot() {
        String aggregate = storedAggregate();

        List<Object> payloads = load(aggregate, SnapshotlessEventStorageEngine::new);

        assertThat(payloads).containsExactly("created", "changed");
        assertThat(statements).anySatisfy(sql -> assertThat(sql).containsIgnoringCase("domainevententry"));
        assertThat(statements).noneSatisfy(sql -> assertThat(sql).containsIgnoringCase("snapshot"));
    }

    /** The recording sees the query skipped: Axon's own engine sends it on the same load. */
    @Test
    void axonsEngineAsksForTheSnapshotOnTheSameLoad() {
        String aggregate = storedAggregate();

        List<Object> payloads = load(aggregate, JdbcEventStorageEngine.Builder::build);

        assertThat(payloads).containsExactly("created", "changed");
        assertThat(statements).anySatisfy(sql -> assertThat(sql).containsIgnoringCase("snapshotevententry"));
    }

    @Test
    void storingASnapshotIsRefusedRatherThanWrittenForNoReader() {
        DomainEventMessage<String> snapshot = new GenericDomainEventMessage<>("SnapshotProbe", "a", 1, "state");

        assertThatThrownBy(() -> storage.storeSnapshot(snapshot))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no aggregate declared a snapshot trigger");
    }

    private String storedAggregate() {
        String aggregate = UUID.randomUUID().toString();
        storage.appendEvents(new GenericDomainEventMessage<>("LoadProbe", aggregate, 0, "created"),
                new GenericDomainEventMessage<>("LoadProbe", aggregate, 1, "changed"));
        return aggregate;
    }

    /** What an event-sourced repository does to load an aggregate: the event store's readEvents. */
    private List<Object> load(String aggregate, Function<JdbcEventStorageEngine.Builder, EventStorageEngine> engine) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .connectionProvider(recording(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(eventSerializer);
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine.apply(builder)).build();
        try {
            return store.readEvents(aggregate).asStream().map(EventMessage::getPayload).map(Object.class::cast).toList();
        } finally {
            store.shutDown();
        }
    }

    private ConnectionProvider recording(DataSource dataSource) {
        return () -> {
            Connection connection = dataSource.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                            statements.add(sql);
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        };
    }
}
