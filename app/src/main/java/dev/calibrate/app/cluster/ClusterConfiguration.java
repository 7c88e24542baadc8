package dev.calibrate.app.cluster;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterSettings.class)
public class ClusterConfiguration {

    /** Not a ScheduledExecutorService bean: Spring's @Scheduled would take a lone one for its own. */
    @Bean(destroyMethod = "close")
    ConflictRetries conflictRetries(ClusterSettings settings) {
        return new ConflictRetries(settings.conflictRetries(), settings.conflictBackoff());
    }

    /** Axon's gateway as its auto-configuration builds it, with {@link ConflictRetries}. */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ConflictRetries conflictRetries) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(conflictRetries).build();
    }
}
