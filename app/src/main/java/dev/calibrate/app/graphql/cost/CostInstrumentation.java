package dev.calibrate.app.graphql.cost;

import dev.calibrate.app.graphql.GraphQlCaller;
import dev.calibrate.app.graphql.GraphQlProperties;
import dev.calibrate.kernel.tenant.Caller;
import graphql.ErrorClassification;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.schema.GraphQLSchema;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Prices a document ({@link QueryCost}) once it is valid and before anything runs: over the maximum it is
 * refused ({@code MAX_COST_EXCEEDED}); when the tenant's bucket lacks the points, {@code THROTTLED}.
 * Every answer carries {@code extensions.cost}, as Shopify's do: what the document asked for, and
 * ({@link ActualCost}) what it answered.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class CostInstrumentation extends SimplePerformantInstrumentation {

    enum CostError implements ErrorClassification {
        MAX_COST_EXCEEDED, THROTTLED
    }

    private final GraphQlProperties settings;
    private final CostBuckets buckets;

    CostInstrumentation(GraphQlProperties settings, CostBuckets buckets) {
        this.settings = settings;
        this.buckets = buckets;
    }

    /** What this request cost and what its bucket held afterwards; unset when it never got that far. */
    static final class CostState implements InstrumentationState {
        volatile Long requested;
        volatile CostBuckets.Status status;
        volatile ExecutableNormalizedOperation operation;
        volatile GraphQLSchema schema;
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new CostState();
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        CostState cost = (CostState) state;
        ExecutionContext execution = parameters.getExecutionContext();
        ExecutableNormalizedOperation operation = execution.getNormalizedQueryTree().get();
        long requested = QueryCost.of(operation, execution.getGraphQLSchema());
        cost.requested = requested;
        if (requested > settings.maxQueryCost()) {
            throw refused(CostError.MAX_COST_EXCEEDED, "the query costs " + requested + ", more than the maximum of "
                    + settings.maxQueryCost() + ": ask for fewer nodes (first/last) or fewer nested connections");
        }
        Caller caller = GraphQlCaller.of(execution.getGraphQLContext());
        CostBuckets.Status status = buckets.take(caller.tenantId(), requested);
        cost.status = status;
        if (status.granted()) {
            cost.operation = operation;
            cost.schema = execution.getGraphQLSchema();
        } else {
            throw refused(CostError.THROTTLED, "throttled: the query costs " + requested + " and "
                    + status.currentlyAvailable() + " points are available, restoring " + status.restoreRate()
                    + " a second");
        }
        return super.beginExecuteOperation(parameters, state);
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                                                                        InstrumentationExecutionParameters parameters,
                                                                        InstrumentationState state) {
        CostState cost = (CostState) state;
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put("requestedQueryCost", cost.requested);
        // null when nothing ran (refused by a limit, or not a valid document)
        extension.put("actualQueryCost", cost.operation == null ? null
                : ActualCost.of(cost.operation, cost.schema, result.getData()));
        if (cost.status != null) {
            extension.put("throttleStatus", Map.of("maximumAvailable", cost.status.maximumAvailable(),
                    "currentlyAvailable", cost.status.currentlyAvailable(),
                    "restoreRate", cost.status.restoreRate()));
        }
        return CompletableFuture.completedFuture(result.transform(builder -> builder.addExtension("cost", extension)));
    }

    private static AbortExecutionException refused(CostError error, String message) {
        return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError().errorType(error).message(message)
                .extensions(Map.of("code", error.name())).build()));
    }
}
