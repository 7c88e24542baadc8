package dev.calibrate.app.graphql;

import dev.calibrate.kernel.error.InvalidInput;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * A resolver's exception as a GraphQL error on that field: a missing scope is {@code FORBIDDEN}, input
 * REST would answer with 400 is a {@code ValidationError} naming the argument. Anything else stays
 * Spring's {@code INTERNAL_ERROR} without details.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        if (ex instanceof GraphQlCaller.FieldForbidden) {
            return GraphqlErrorBuilder.newError(env).errorType(ErrorType.FORBIDDEN).message(ex.getMessage()).build();
        }
        if (ex instanceof InvalidInput invalid) {
            return GraphqlErrorBuilder.newError(env).errorType(graphql.ErrorType.ValidationError)
                    .message(invalid.getMessage()).extensions(Map.of("argument", invalid.field())).build();
        }
        return null;
    }
}
