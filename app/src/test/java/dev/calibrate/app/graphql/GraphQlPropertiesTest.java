package dev.calibrate.app.graphql;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** calibrate.graphql.* the limits could not honour stop the start, each naming the setting. */
class GraphQlPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GraphQlProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void theDefaultsAreShopifysAndFiveSeconds() {
        context.run(started -> {
            GraphQlProperties settings = started.getBean(GraphQlProperties.class);
            assertThat(settings.maxQueryCost()).isEqualTo(1000);
            assertThat(settings.bucketSize()).isEqualTo(1000);
            assertThat(settings.restoreRate()).isEqualTo(100);
            assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(settings.documentTimeout()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void refusesSettingsTheLimitsCouldNotHonour() {
        refused("calibrate.graphql.cost.restore-rate=0", "restoreRate");
        refused("calibrate.graphql.cost.max-query-cost=-1", "maxQueryCost");
        refused("calibrate.graphql.cost.bucket-size=0", "bucketSize");
        refused("calibrate.graphql.cost.restore-rate=2000", "bucketLargeEnough");
        refused("calibrate.graphql.cost.max-query-cost=2000", "bucketLargeEnough");
        refused("calibrate.graphql.statement-timeout=0s", "statementTimeoutPositive");
        refused("calibrate.graphql.document-timeout=0s", "documentTimeoutPositive");
        refused("calibrate.graphql.document-timeout=-1s", "documentTimeoutPositive");
        // PostgreSQL's statement_timeout is an int of milliseconds: one past it would fail every read
        refused("calibrate.graphql.statement-timeout=2147483648ms", "statementTimeoutWithinPostgres");
        context.withPropertyValues("calibrate.graphql.statement-timeout=2147483647ms")
                .run(started -> assertThat(started).hasNotFailed());
        context.withPropertyValues("calibrate.graphql.cost.bucket-size=50", "calibrate.graphql.cost.restore-rate=50",
                "calibrate.graphql.cost.max-query-cost=50").run(started -> assertThat(started).hasNotFailed());
    }

    private void refused(String setting, String named) {
        context.withPropertyValues(setting).run(started -> {
            assertThat(started).as(setting).hasFailed();
            assertThat(started.getStartupFailure()).as(setting).hasStackTraceContaining(named);
        });
    }
}
