package dev.calibrate.app.mcp;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.provenance.ProductStreamWindow;
import dev.calibrate.query.provenance.ProvenanceController;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code price_provenance}: why a product's price is what it is, the answer of
 * {@code GET /api/v1/products/{id}/provenance}, through the same controller (so the same checks).
 */
@Component
@Profile("!axonserver") // reads the event table, empty there (docs/operations.md#axon-server-profile)
class PriceProvenanceTool implements ReadOnlyTool {

    private static final String MONEY = "{\"type\": \"string\", \"pattern\": \"^-?[0-9]+(\\\\.[0-9]+)?$\"}";
    private static final String OPTIONAL_MONEY = "{\"type\": [\"string\", \"null\"]}";
    private static final String EVENT = """
            {"type": "object", "required": ["type", "eventId", "position", "sequence", "time"],
             "properties": {"type": {"type": "string"}, "eventId": {"type": "string"},
                            "position": {"type": "integer"}, "sequence": {"type": "integer"},
                            "time": {"type": "string"}, "actor": {"type": "string"},
                            "correlationId": {"type": "string"}, "requestId": {"type": "string"}}}""";

    private final ProvenanceController provenance;

    PriceProvenanceTool(ProvenanceController provenance) {
        this.provenance = provenance;
    }

    @Override
    public String name() {
        return "price_provenance";
    }

    @Override
    public String title() {
        return "Why a product's price is what it is";
    }

    @Override
    public String description() {
        return "The provenance of a product's price in one currency, live or at an instant (at): the amount and "
                + "compare-at; the event that set it (id, position, time, actor); if a price change set it, its "
                + "name, rule, preview hash, author, approver, the run, and the explain trace with the inputs used "
                + "(cost, competitor prices with their age); if a channel or the API set it, the source and the "
                + "ingest; per channel whether it holds the price (Shopify synced or failed with the reason, Amazon "
                + "never synced: read only); open drifts; the price before. The answer of "
                + "GET /api/v1/products/{id}/provenance. A product id the tenant does not have answers "
                + "\"product not found\"; a currency the product is not priced in now, not-found with a detail; "
                + "a price not among the " + ProductStreamWindow.MAX_EVENTS + " newest events (before at), "
                + "over-budget (\"no GBP price among the 5000 newest events\": set further back, or never).";
    }

    @Override
    public String inputSchema() {
        return """
                {"type": "object", "additionalProperties": false, "required": ["productId", "currency"],
                 "properties": {
                   "productId": {"type": "string", "format": "uuid", "description": "the product's id"},
                   "currency": {"type": "string", "pattern": "^[A-Z]{3}$",
                                "description": "the price's ISO-4217 currency, e.g. USD"},
                   "at": {"type": "string", "format": "date-time",
                          "description": "an ISO-8601 instant, e.g. 2026-11-26T10:00:00Z; absent for the live price"}}}
                """;
    }

    @Override
    public String outputSchema() {
        return """
                {"type": "object",
                 "required": ["productId", "currency", "amount", "origin", "setBy", "channels", "openDrifts",
                              "historyComplete"],
                 "properties": {
                   "productId": {"type": "string"}, "currency": {"type": "string"}, "at": {"type": "string"},
                   "amount": %1$s, "compareAt": %2$s,
                   "origin": {"enum": ["OBSERVED", "PRICE_CHANGE_APPLY", "PRICE_CHANGE_ROLLBACK"]},
                   "setBy": %3$s,
                   "source": {"type": "string"},
                   "ingest": {"type": "object", "required": ["source"]},
                   "priceChange": {"type": "object", "required": ["id", "action"],
                     "properties": {"id": {"type": "string"}, "action": {"enum": ["APPLY", "ROLLBACK"]},
                                    "name": {"type": "string"}, "rule": {"type": "object"},
                                    "previewHash": {"type": "string"}, "author": {"type": "string"},
                                    "approver": {"type": "string"}, "approvedAt": {"type": "string"},
                                    "run": {"type": "object", "required": ["kind"]},
                                    "explain": {"type": "object"},
                                    "inputs": {"type": "object", "required": ["competitors"],
                                      "properties": {"competitors": {"type": "array", "items": {"type": "object",
                                        "required": ["source", "price", "currency", "observedAt", "ageAtPrice"]}}}}}},
                   "channels": {"type": "array", "items": {"type": "object", "required": ["channel", "state", "refs"],
                     "properties": {"channel": {"type": "string"},
                                    "state": {"enum": ["PENDING", "SYNCED", "FAILED", "SUPERSEDED", "NOT_SYNCED"]},
                                    "refs": {"type": "object"}, "reason": {"type": "string"},
                                    "errors": {"type": "array"}}}},
                   "openDrifts": {"type": "array", "items": {"type": "object",
                     "required": ["channel", "expected", "actual", "detectedAt", "eventId", "position"]}},
                   "previous": {"type": "object", "required": ["amount", "origin", "setBy"],
                     "properties": {"amount": %1$s, "setBy": %3$s}},
                   "historyComplete": {"type": "boolean"}}}
                """.formatted(MONEY, OPTIONAL_MONEY, EVENT);
    }

    @Override
    public Set<Scope> scopes() {
        return Set.of(Scope.AUDIT_READ, Scope.CATALOG_READ);
    }

    @Override
    public Object call(Caller caller, Map<String, Object> arguments) {
        ToolArguments args = ToolArguments.of(arguments, Set.of("productId", "currency", "at"));
        UUID productId = args.requiredUuid("productId");
        String currency = args.requiredText("currency", 3);
        String at = args.text("at", 64);
        return provenance.provenance(productId, currency, at, caller);
    }
}
