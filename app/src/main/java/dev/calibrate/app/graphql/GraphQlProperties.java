package dev.calibrate.app.graphql;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code calibrate.graphql.*}, checked at start (a zero restore rate would throttle a tenant forever, a
 * bucket smaller than one second's refill or than the largest document allowed would refuse documents the
 * limits promise). Shopify's numbers by default: a document costing more than {@code maxQueryCost} is refused
 * before it runs; each tenant's bucket holds {@code bucketSize} points and refills {@code restoreRate} points a
 * second. Every statement of a GraphQL read is cancelled after {@code statementTimeout}, and what is left of a
 * document after {@code documentTimeout} answers TIMEOUT ({@link DocumentDeadline}).
 */
@Validated
@ConfigurationProperties("calibrate.graphql")
public record GraphQlProperties(@DefaultValue @NotNull @Valid Cost cost,
                                    @DefaultValue("5s") @NotNull Duration statementTimeout,
                                    @DefaultValue("10s") @NotNull Duration documentTimeout) {

    public record Cost(@DefaultValue("1000") @Positive int maxQueryCost,
                       @DefaultValue("1000") @Positive int bucketSize,
                       @DefaultValue("100") @Positive int restoreRate) {

        @AssertTrue(message = "bucket-size must be at least restore-rate (a bucket holds at least one second's "
                + "refill) and at least max-query-cost (else a document the cost limit allows is never granted)")
        public boolean isBucketLargeEnough() {
            return bucketSize >= restoreRate && bucketSize >= maxQueryCost;
        }
    }

    @AssertTrue(message = "statement-timeout must be more than 0 (0 would let a GraphQL read run without limit)")
    public boolean isStatementTimeoutPositive() {
        return statementTimeout != null && !statementTimeout.isNegative() && !statementTimeout.isZero()
                && statementTimeout.toMillis() > 0;
    }

    @AssertTrue(message = "statement-timeout must be at most 2147483647ms (PostgreSQL's statement_timeout is "
            + "an int of milliseconds: a longer one would fail every GraphQL read)")
    public boolean isStatementTimeoutWithinPostgres() {
        return statementTimeout == null || statementTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) <= 0;
    }

    @AssertTrue(message = "document-timeout must be at least 1ms (0 would time out every document before it ran)")
    public boolean isDocumentTimeoutPositive() {
        return documentTimeout != null && documentTimeout.toMillis() > 0;
    }

    public int maxQueryCost() {
        return cost.maxQueryCost();
    }

    public int bucketSize() {
        return cost.bucketSize();
    }

    public int restoreRate() {
        return cost.restoreRate();
    }
}
