package dev.calibrate.app.messaging;

import dev.calibrate.app.support.IntegrationTest;
import org.axonframework.config.Configuration;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What loading an aggregate for a command costs in this application: its target is resolved by the cached
 * resolver. (What a product's load reads, its snapshot and the events after it: ProductSnapshotsTest.)
 */
class AggregateLoadingTest extends IntegrationTest {

    @Autowired
    private Configuration axon;

    @Test
    void aggregatesResolveTheirCommandsTargetWithTheCachedResolver() {
        assertThat(axon.getComponent(CommandTargetResolver.class)).isInstanceOf(CachingCommandTargetResolver.class);
    }
}
