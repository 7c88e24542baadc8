package dev.calibrate.app.scheduling;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;

/** Persistent task executions (scheduled_tasks) keep reading across deploys that move their data classes. */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {

    @Bean
    DbSchedulerCustomizer taskDataThatSurvivesMoves() {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(new TaskDataSerializer());
            }
        };
    }
}
