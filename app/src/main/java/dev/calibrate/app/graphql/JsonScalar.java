package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

import java.util.Locale;

/**
 * The schema's {@code JSON} scalar: a value Calibrate stores as JSON (a pricing rule, an explain trace) answered
 * as that JSON, not as a string of it. Output only: no argument takes it, so input is refused.
 */
@Configuration(proxyBeanMethods = false)
class JsonScalar {

    @Bean
    RuntimeWiringConfigurer jsonScalarWiring(ObjectMapper mapper) {
        GraphQLScalarType json = GraphQLScalarType.newScalar().name("JSON")
                .description("A JSON value as stored.")
                .coercing(new Coercing<Object, Object>() {
                    @Override
                    public Object serialize(Object value, GraphQLContext context, Locale locale) {
                        if (value instanceof JsonNode node) {
                            return mapper.convertValue(node, Object.class);
                        }
                        throw new CoercingSerializeException("not a JSON value: " + value.getClass().getSimpleName());
                    }

                    @Override
                    public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                        throw new CoercingParseValueException("JSON is an output type: no argument takes it");
                    }

                    @Override
                    public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                               Locale locale) {
                        throw new CoercingParseLiteralException("JSON is an output type: no argument takes it");
                    }
                }).build();
        return wiring -> wiring.scalar(json);
    }
}
