package dev.calibrate.app.messaging;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.TokenStoreProperties;
import org.axonframework.springboot.util.DeadLetterQueueProviderConfigurerModule;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import javax.sql.DataSource;

/**
 * Axon's event store, token store, sagas and dead letters on PostgreSQL through the JDBC engines,
 * in tables Flyway creates, with bytea payloads. Declared explicitly so neither Axon's JPA storage
 * (whose {@code @Lob} columns become OID large objects on PostgreSQL) nor auto-configuration
 * ordering decides where events live. Events are read through {@link StorableEventSerializer}, so a
 * string PostgreSQL cannot hold never stops a read model. Products take snapshots ({@link ProductSnapshotSettings}),
 * kept in {@code snapshotevententry}, newest only, read through the aggregates' snapshot filters and, one that
 * cannot be read, passed over ({@link SnapshotCheckingStorageEngine}). Under the
 * {@code axonserver} profile
 * Axon Server's auto-configuration supplies the event store instead; tokens, sagas and dead letters stay here
 * (docs/operations.md#axon-server-profile).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokenStoreProperties.class)
public class AxonStorageConfiguration {

    static final String UNIQUE_VIOLATION = "23505";

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * Two commands that loaded the same aggregate version both append at the next sequence; the store's
     * unique key refuses the second. PostgreSQL names that by SQLState 23505 (unique_violation), not by
     * the vendor error code {@code JdbcSQLErrorCodesResolver} looks for, which left the conflict an
     * unexplained EventStoreException (a 500) instead of Axon's ConcurrencyException (a 409: retry).
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    @Bean
    @Profile("!axonserver")
    EventStorageEngine eventStorageEngine(@Qualifier("serializer") Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          EventStoreSettings settings) {
        return new SnapshotCheckingStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .eventSerializer(new StorableEventSerializer(eventSerializer))
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .batchSize(settings.fetchBatchSize())
                .gapTimeout(Math.toIntExact(settings.gapTimeout().toMillis()))
                .schema(new EventSchema())
                .appendEvents(new TenantStampedAppend()));
    }

    /**
     * Axon's embedded event store, as its auto-configuration builds it, with the cache its tracking
     * processors share sized by {@link EventStoreSettings#sharedEvents()}: a processor within it of the
     * head takes the events the cache fetched once, and the first processor to read an event's payload
     * deserializes it for all of them. Axon's 10,000 made every processor fall out of it during a bulk
     * ingest (a batch of 1,000 new products is 2,000 events) and read and deserialize each event on its own.
     */
    @Bean
    @Profile("!axonserver")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, EventStoreSettings settings,
                                  org.axonframework.config.Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(settings.sharedEvents())
                .build();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                          TokenStoreProperties properties) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(new TokenSchema.Builder().build())
                .serializer(serializer)
                .claimTimeout(properties.getClaimTimeout())
                .build();
    }

    @Bean
    JdbcSagaStore sagaStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcSagaStore.builder()
                .connectionProvider(connectionProvider)
                .sqlSchema(new PostgresSagaSqlSchema())
                .serializer(serializer)
                .build();
    }

    /** Processing groups with {@code axon.eventhandling.processors.<name>.dlq.enabled=true} park failures here. */
    @Bean
    DeadLetterQueueProviderConfigurerModule deadLetterQueueProviderConfigurerModule(
            EventProcessorProperties eventProcessorProperties, ConnectionProvider connectionProvider,
            TransactionManager transactionManager, @Qualifier("eventSerializer") Serializer eventSerializer,
            Serializer genericSerializer) {
        DeadLetterSchema schema = DeadLetterSchema.defaultSchema();
        return new DeadLetterQueueProviderConfigurerModule(eventProcessorProperties,
                processingGroup -> config -> JdbcSequencedDeadLetterQueue.builder()
                        .processingGroup(processingGroup)
                        .connectionProvider(connectionProvider)
                        .transactionManager(transactionManager)
                        .schema(schema)
                        .genericSerializer(genericSerializer)
                        .eventSerializer(new StorableEventSerializer(eventSerializer))
                        .build());
    }
}
