package dev.calibrate.app.mcp;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.anomaly.AnomalyController;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code list_anomalies}: {@code GET /api/v1/anomalies} through its controller, which checks the period,
 * the kind, the ids and the page size exactly as it does for the REST call.
 */
@Component
@Profile("!axonserver") // reads the event table, empty there (docs/operations.md#axon-server-profile)
class ListAnomaliesTool implements ReadOnlyTool {

    private final AnomalyController anomalies;

    ListAnomaliesTool(AnomalyController anomalies) {
        this.anomalies = anomalies;
    }

    @Override
    public String name() {
        return "list_anomalies";
    }

    @Override
    public String title() {
        return "Price anomalies";
    }

    @Override
    public String description() {
        return "Unusual prices in a period, found in the products' events, each with its evidence (the events) "
                + "and a plain reason: price_move (a move unlike the product's others), below_cost, "
                + "above_average (above 6x its 30-day average) and channel_drift (a channel showing another "
                + "price). One page of products in product id order; pass nextAfter as after for the next. "
                + "The answer of GET /api/v1/anomalies.";
    }

    @Override
    public String inputSchema() {
        return """
                {"type": "object", "additionalProperties": false,
                 "properties": {
                   "from": {"type": "string", "format": "date-time",
                            "description": "start of the period (inclusive), e.g. 2026-11-01T00:00:00Z; default 30 days before to"},
                   "to": {"type": "string", "format": "date-time",
                          "description": "end of the period (exclusive); default now; at most 366 days after from"},
                   "kind": {"type": "string", "enum": ["price_move", "below_cost", "above_average", "channel_drift"]},
                   "productId": {"type": "string", "format": "uuid",
                                 "description": "only this product; then after and size are refused"},
                   "after": {"type": "string", "format": "uuid", "description": "the previous page's nextAfter"},
                   "size": {"type": "integer", "minimum": 1, "maximum": %d,
                            "description": "products a page reads at most; default %d"}}}
                """.formatted(AnomalyController.MAX_SIZE, AnomalyController.DEFAULT_SIZE);
    }

    @Override
    public Set<Scope> scopes() {
        return Set.of(Scope.CATALOG_READ, Scope.AUDIT_READ);
    }

    @Override
    public Object call(Caller caller, Map<String, Object> arguments) {
        ToolArguments args = ToolArguments.of(arguments, Set.of("from", "to", "kind", "productId", "after", "size"));
        UUID productId = args.uuid("productId");
        UUID after = args.uuid("after");
        return anomalies.list(args.text("from", 40), args.text("to", 40), args.text("kind", 20),
                productId == null ? null : productId.toString(), after == null ? null : after.toString(),
                args.integer("size", 1, AnomalyController.MAX_SIZE), null, caller);
    }
}
