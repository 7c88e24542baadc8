package dev.calibrate.app.messaging;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

import static dev.calibrate.kernel.message.MetadataKeys.ACTOR;
import static dev.calibrate.kernel.message.MetadataKeys.CAUSATION_ID;
import static dev.calibrate.kernel.message.MetadataKeys.CORRELATION_ID;
import static dev.calibrate.kernel.message.MetadataKeys.REQUEST_ID;
import static dev.calibrate.kernel.message.MetadataKeys.TENANT_ID;

@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Sagas stored with bytea columns (the generic schema would use BLOB). */
    @Bean
    SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema();
    }

    /** Every event inherits correlation id and causation (the message that caused it). */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider(CORRELATION_ID, CAUSATION_ID);
    }

    /** ... and who acted, for which tenant, in which request. */
    @Bean
    CorrelationDataProvider requestContextProvider() {
        return new SimpleCorrelationDataProvider(TENANT_ID, ACTOR, REQUEST_ID);
    }
}
