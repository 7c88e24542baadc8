package dev.calibrate.app.graphql.fields;

import dev.calibrate.app.graphql.GraphQlArguments;
import dev.calibrate.app.graphql.GraphQlCaller;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.catalog.ProductReadApi.ProductSummary;
import dev.calibrate.query.provenance.PriceProvenances;
import dev.calibrate.query.provenance.ProvenanceApi.ChannelConfirmation;
import dev.calibrate.query.provenance.ProvenanceApi.PriceProvenance;
import dev.calibrate.query.provenance.ProvenanceArguments;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

/**
 * A price's provenance in GraphQL, as REST's {@code GET /api/v1/products/{id}/provenance} answers it (the same
 * {@link PriceProvenances}, with its own tenant scope and statement timeout): on its own for an auditor, or
 * as a field of a product. A product without the price is null with a NOT_FOUND error ({@link dev.calibrate.app.graphql.GraphQlErrors});
 * each costs {@link dev.calibrate.app.graphql.cost.FieldWeights#PROVENANCE}, as it reads the product's events.
 */
@Controller
class ProvenanceGraphQlController {

    /** A channel's identifier of the product: Shopify's {@code variantId}, Amazon's {@code asin}. */
    record ChannelRef(String name, String value) {
    }

    private final PriceProvenances provenances;

    ProvenanceGraphQlController(PriceProvenances provenances) {
        this.provenances = provenances;
    }

    @QueryMapping
    PriceProvenance priceProvenance(@Argument String productId, @Argument String currency, @Argument String at,
                                    GraphQLContext context) {
        Caller caller = GraphQlCaller.requiringAny(context, Scope.CATALOG_READ, Scope.AUDIT_READ);
        return provenances.of(caller, new ProductId(GraphQlArguments.uuid("productId", productId)),
                ProvenanceArguments.currency("currency", currency), ProvenanceArguments.instant("at", at));
    }

    /** A product is already the caller's, read with catalog:read. */
    @SchemaMapping(typeName = "Product")
    PriceProvenance provenance(ProductSummary product, @Argument String currency, @Argument String at,
                               GraphQLContext context) {
        Caller caller = GraphQlCaller.requiringAny(context, Scope.CATALOG_READ, Scope.AUDIT_READ);
        return provenances.of(caller, new ProductId(product.id()), ProvenanceArguments.currency("currency", currency),
                ProvenanceArguments.instant("at", at));
    }

    @SchemaMapping(typeName = "ChannelConfirmation")
    List<ChannelRef> refs(ChannelConfirmation confirmation) {
        return confirmation.refs().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(ref -> new ChannelRef(ref.getKey(), ref.getValue())).toList();
    }
}
