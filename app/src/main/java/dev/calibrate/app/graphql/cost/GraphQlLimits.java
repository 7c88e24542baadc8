package dev.calibrate.app.graphql.cost;

import graphql.analysis.MaxQueryDepthInstrumentation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Shopify's limits on what one GraphQL document may ask for, refused before anything runs. */
@Configuration(proxyBeanMethods = false)
class GraphQlLimits {

    static final int MAX_DEPTH = 10;

    /** First of the instrumentations: a document too deep is refused before {@link CostInstrumentation} charges its bucket. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    MaxQueryDepthInstrumentation maxQueryDepth() {
        return new MaxQueryDepthInstrumentation(MAX_DEPTH);
    }
}
