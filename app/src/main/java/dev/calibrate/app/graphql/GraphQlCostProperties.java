package dev.calibrate.app.graphql;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code calibrate.graphql.cost.*}: Shopify's numbers by default. A document costing more than
 * {@code maxQueryCost} is refused before it runs; each tenant's bucket holds {@code bucketSize} points and
 * refills {@code restoreRate} points a second.
 */
@ConfigurationProperties("calibrate.graphql.cost")
public record GraphQlCostProperties(Integer maxQueryCost, Integer bucketSize, Integer restoreRate) {

    public GraphQlCostProperties {
        maxQueryCost = maxQueryCost == null ? 1_000 : maxQueryCost;
        bucketSize = bucketSize == null ? 1_000 : bucketSize;
        restoreRate = restoreRate == null ? 100 : restoreRate;
    }
}
