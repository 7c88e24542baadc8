package dev.calibrate.app.graphql;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
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
 * at the statement timeout is {@code TIMEOUT}, any other {@link Rejection} is classified as REST answers it
 * (not found: {@code NOT_FOUND}, the field null). Anything else stays Spring's {@code INTERNAL_ERROR} without
 * details.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    /** PostgreSQL's query_canceled, which statement_timeout raises. */
    private static final String QUERY_CANCELED = "57014";

    enum ReadError implements ErrorClassification {
        TIMEOUT, OVER_BUDGET, CONFLICT, THROTTLED, UNAVAILABLE
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
        if (ex instanceof Rejection rejection) {
            return GraphqlErrorBuilder.newError(env).errorType(classification(rejection.kind()))
                    .message(rejection.getMessage()).build();
        }
        DocumentDeadline.DocumentTimedOut late = cause(ex, DocumentDeadline.DocumentTimedOut.class);
        if (late != null) {
            return GraphqlErrorBuilder.newError(env).errorType(ReadError.TIMEOUT).message(late.getMessage()).build();
        }
        if (timedOut(ex)) {
            return GraphqlErrorBuilder.newError(env).errorType(ReadError.TIMEOUT)
                    .message("this field's read took longer than the statement timeout, or than what was left of "
                            + "the document timeout: ask for less (a narrower query, fewer nodes, fewer fields) or "
                            + "try again later").build();
        }
        return null;
    }

    /** As REST's status for the same rejection: 404 NOT_FOUND, 403 FORBIDDEN, 422 OVER_BUDGET, 409, 429, 503 UNAVAILABLE. */
    private static ErrorClassification classification(Rejection.Kind kind) {
        return switch (kind) {
            case INVALID -> graphql.ErrorType.ValidationError;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case FORBIDDEN -> ErrorType.FORBIDDEN;
            case CONFLICT -> ReadError.CONFLICT;
            case OVER_BUDGET -> ReadError.OVER_BUDGET;
            case TOO_MANY_REQUESTS -> ReadError.THROTTLED;
            case UNAVAILABLE -> ReadError.UNAVAILABLE;
        };
    }

    /** {@code ex} or its first cause of {@code type} (a batch loader's failure comes wrapped). */
    private static <E extends Throwable> E cause(Throwable ex, Class<E> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
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
