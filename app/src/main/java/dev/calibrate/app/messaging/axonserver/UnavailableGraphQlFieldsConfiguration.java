package dev.calibrate.app.messaging.axonserver;

import graphql.ErrorClassification;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Each {@link UnavailableFeature}'s GraphQL fields answer null with an {@code UNAVAILABLE} error naming the
 * feature, as its REST paths answer 503; the rest of the document is read as usual.
 */
@Configuration(proxyBeanMethods = false)
@Profile("axonserver")
class UnavailableGraphQlFieldsConfiguration {

    enum Unavailable implements ErrorClassification {
        UNAVAILABLE
    }

    @Bean
    Instrumentation unavailableGraphQlFields() {
        Map<String, UnavailableFeature> byField = Arrays.stream(UnavailableFeature.values())
                .flatMap(feature -> feature.graphQlFields().stream().map(field -> Map.entry(field, feature)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new SimplePerformantInstrumentation() {
            @Override
            public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
                                                        InstrumentationFieldFetchParameters parameters,
                                                        InstrumentationState state) {
                String field = parameters.getExecutionStepInfo().getObjectType().getName() + "."
                        + parameters.getField().getName();
                UnavailableFeature feature = byField.get(field);
                if (feature == null) {
                    return dataFetcher;
                }
                return environment -> DataFetcherResult.newResult()
                        .error(GraphqlErrorBuilder.newError(environment).errorType(Unavailable.UNAVAILABLE)
                                .message(feature.detail()).build())
                        .build();
            }
        };
    }
}
