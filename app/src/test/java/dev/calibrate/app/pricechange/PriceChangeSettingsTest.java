package dev.calibrate.app.pricechange;

import dev.calibrate.app.web.RequestsInFlight;
import dev.calibrate.command.pricechange.run.RunChunks;
import dev.calibrate.kernel.work.Foreground;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** calibrate.price-changes.* as a run takes them: its chunks, and when it gives way to the node's requests. */
class PriceChangeSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PriceChangeSettings.class)
    @Import(PriceChangeSettings.Wiring.class)
    static class Settings {
        @Bean
        RequestsInFlight requestsInFlight() {
            return new RequestsInFlight();
        }
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void byDefaultAChunkGivesWayUpToTwoSecondsWhileFourRequestsAreInFlight() {
        context.run(started -> {
            assertThat(started.getBean(RunChunks.class)).isEqualTo(new RunChunks(2000, 2, Duration.ofSeconds(2)));
            assertThat(started.getBean(Foreground.class).busy()).as("no request in flight").isFalse();
        });
    }

    @Test
    void refusesAGiveWayNoRequestCouldEnd() {
        context.withPropertyValues("calibrate.price-changes.run-give-way-requests=0").run(started ->
                assertThat(started).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("calibrate.price-changes.run-give-way-requests must be at least 1, not 0"));
        context.withPropertyValues("calibrate.price-changes.run-give-way=61s").run(started ->
                assertThat(started).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("gives way to requests for 0 to 60 s, not PT1M1S"));
    }
}
