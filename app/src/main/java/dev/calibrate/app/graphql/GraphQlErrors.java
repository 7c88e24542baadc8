package dev.calibrate.app.graphql;

import dev.calibrate.kernel.error.InvalidInput;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.util.Map;

/**
 * A resolver's exception as a GraphQL error on that field: a missing scope is {@code FORBIDDEN}, input
 * REST would answer with 400 is a {@code ValidationError} naming the argument, a read PostgreSQL cancelled
 * at the statement timeout is {@code TIMEOUT}. Anything else stays Spring's {@code INTERNAL_ERROR} without
 * details.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    /** PostgreSQL's query_canceled, which statement_timeout raises. */
    private static final String QUERY_CANCELED = "57014";

    enum ReadError implements ErrorClassification {
        TIMEOUT
    }

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        if (ex instanceof GraphQlCaller.FieldForbidden) {
            return GraphqlErrorBuilder.newError(env).errorType(ErrorType.FORBIDDEN).message(ex.getMessage()).build();
        }
        if (ex instanceof InvalidInput invalid) {
            return GraphqlErrorBuilder.newError(env).errorType(graphql.ErrorType.ValidationError)
                    .message(invalid.getMessage()).extensions(Map.of("argument", invalid.field())).build();
        }
        if (timedOut(ex)) {
            return GraphqlErrorBuilder.newError(env).errorType(ReadError.TIMEOUT)
                    .message("this field's read took longer than the statement timeout: ask for less "
                            + "(a narrower query, fewer nodes) or try again later").build();
        }
        return null;
    }

    private static boolean timedOut(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof QueryTimeoutException) {
                return true;
            }
            if (cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
