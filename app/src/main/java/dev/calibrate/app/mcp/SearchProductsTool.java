package dev.calibrate.app.mcp;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.catalog.ProductReadController;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;

/** {@code search_products}: {@code GET /api/v1/products?q=…&size=…}, the first page in SKU order. */
@Component
class SearchProductsTool implements ReadOnlyTool {

    static final int MAX_LIMIT = 50;
    static final int MAX_QUERY_LENGTH = 200;

    private final ProductReadController products;

    SearchProductsTool(ProductReadController products) {
        this.products = products;
    }

    @Override
    public String name() {
        return "search_products";
    }

    @Override
    public String title() {
        return "Search products";
    }

    @Override
    public String description() {
        return "Finds the tenant's products whose title or SKU contains the query (case-insensitive; % and _ match "
                + "themselves), in SKU order, with their current prices per currency. Answers the same page as "
                + "GET /api/v1/products?q=: items, total (counted up to 10,000; totalExact false beyond).";
    }

    @Override
    public String inputSchema() {
        return """
                {"type": "object", "additionalProperties": false, "required": ["query"],
                 "properties": {
                   "query": {"type": "string", "minLength": 1, "maxLength": %d,
                             "description": "part of a product's title or SKU"},
                   "limit": {"type": "integer", "minimum": 1, "maximum": %d, "default": 10,
                             "description": "products to answer at most"}}}
                """.formatted(MAX_QUERY_LENGTH, MAX_LIMIT);
    }

    @Override
    public Set<Scope> scopes() {
        return Set.of(Scope.CATALOG_READ);
    }

    @Override
    public Object call(Caller caller, Map<String, Object> arguments) {
        ToolArguments args = ToolArguments.of(arguments, Set.of("query", "limit"));
        String query = args.requiredText("query", MAX_QUERY_LENGTH);
        int limit = args.integer("limit", 1, MAX_LIMIT, 10);
        return products.list(null, null, null, query, null, 0, limit, null, caller);
    }
}
