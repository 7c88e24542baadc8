package dev.calibrate.app.graphql;

import graphql.analysis.MaxQueryDepthInstrumentation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shopify's limits on what one GraphQL document may ask for, refused before anything runs. */
@Configuration(proxyBeanMethods = false)
class GraphQlLimits {

    static final int MAX_DEPTH = 10;

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth() {
        return new MaxQueryDepthInstrumentation(MAX_DEPTH);
    }
}
