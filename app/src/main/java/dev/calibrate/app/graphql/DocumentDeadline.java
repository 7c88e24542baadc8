package dev.calibrate.app.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A whole document's time ({@code calibrate.graphql.document-timeout}): each statement has its own timeout, but
 * a document with many fields could run many statements one after another. The deadline is set when the
 * document starts; a field that starts after it answers null with a {@code TIMEOUT} error without reading, and
 * a read running when it passes is cancelled then, since {@link GraphQlReads} sets each statement's
 * {@code statement_timeout} to at most the time left. So the answer comes about at the deadline and no thread
 * keeps working on the document after it.
 *
 * <p>The deadline travels in the document's {@link GraphQLContext} (batch loaders read it there, see
 * {@link GraphQlReads#read(GraphQLContext, java.util.function.Supplier)}), and for a resolver's own reads in a
 * thread-local set around the resolver, so resolvers need not pass it on. Property fields (a node's scalars)
 * are not checked: what was read answers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class DocumentDeadline extends SimplePerformantInstrumentation {

    static final String KEY = "calibrate.deadline";
    private static final ThreadLocal<Long> RESOLVING = new ThreadLocal<>();

    private final long timeoutNanos;

    public DocumentDeadline(GraphQlProperties settings) {
        this.timeoutNanos = settings.documentTimeout().toNanos();
    }

    /** A field that started after the document's deadline: it answers null with a TIMEOUT error. */
    public static final class DocumentTimedOut extends RuntimeException {
        DocumentTimedOut() {
            super("the document ran longer than the document timeout: this field was not read; ask for less "
                    + "(fewer fields, fewer nodes) or try again later");
        }
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecution(InstrumentationExecutionParameters parameters,
                                                                  InstrumentationState state) {
        parameters.getGraphQLContext().put(KEY, System.nanoTime() + timeoutNanos);
        return super.beginExecution(parameters, state);
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
                                                InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        if (parameters.isTrivialDataFetcher()) {
            return dataFetcher;
        }
        return env -> {
            Long deadline = env.getGraphQlContext().get(KEY);
            if (deadline == null) {
                return dataFetcher.get(env);
            }
            millisLeft(deadline);
            Long outer = RESOLVING.get();
            RESOLVING.set(deadline);
            try {
                return dataFetcher.get(env);
            } finally {
                if (outer == null) {
                    RESOLVING.remove();
                } else {
                    RESOLVING.set(outer);
                }
            }
        };
    }

    /** The deadline of the document whose resolver runs on this thread; null outside one. */
    static Long current() {
        return RESOLVING.get();
    }

    /** The deadline of the document of {@code context}; null when it has none. */
    static Long of(GraphQLContext context) {
        return context.get(KEY);
    }

    /** Whole milliseconds left until {@code deadline}, at least 1; past it, {@link DocumentTimedOut}. */
    static long millisLeft(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new DocumentTimedOut();
        }
        return Math.max(1, left / 1_000_000);
    }
}
