package dev.calibrate.app.graphql.fields;

import dev.calibrate.app.graphql.GraphQlCaller;
import dev.calibrate.app.graphql.GraphQlReads;
import dev.calibrate.connectors.amazon.connection.AmazonConnector;
import dev.calibrate.connectors.amazon.status.AmazonStatus;
import dev.calibrate.connectors.amazon.status.AmazonStatusApi.AmazonStatusReport;
import dev.calibrate.connectors.shopify.connection.ShopifyConnector;
import dev.calibrate.connectors.shopify.status.ShopifyStatus;
import dev.calibrate.connectors.shopify.status.ShopifyStatusApi.ShopifyStatusReport;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The tenant's connectors in GraphQL: each is what REST's {@code GET /api/v1/connectors/{shopify,amazon}/status}
 * answers, through the same public {@link ShopifyStatus} and {@link AmazonStatus} (their scopes: connectors:admin
 * or catalog:read, checked per connector). Those answers never carry a secret: the connection summaries leave the
 * tokens and credentials out. A connector the tenant has not connected is null (REST's 404), without an error.
 */
@Controller
class ConnectorGraphQlController {

    private static final Scope[] READERS = {Scope.CONNECTORS_ADMIN, Scope.CATALOG_READ};

    /** {@code Query.connectors}: nothing of its own; each connector is read when asked. */
    record ConnectorStatus() {
    }

    private final GraphQlReads reads;
    private final ShopifyStatus shopify;
    private final AmazonStatus amazon;

    ConnectorGraphQlController(GraphQlReads reads, ShopifyStatus shopify, AmazonStatus amazon) {
        this.reads = reads;
        this.shopify = shopify;
        this.amazon = amazon;
    }

    @QueryMapping
    ConnectorStatus connectors() {
        return new ConnectorStatus();
    }

    @SchemaMapping(typeName = "ConnectorStatus")
    ShopifyStatusReport shopify(ConnectorStatus connectors, GraphQLContext context) {
        Caller caller = GraphQlCaller.requiringAny(context, READERS);
        try {
            // the status reads in the tenant's scope itself; inside this read it joins it, with the statement timeout
            return reads.read(caller, () -> shopify.describe(caller.tenantId()));
        } catch (ShopifyConnector.NotConnected none) {
            return null;
        }
    }

    @SchemaMapping(typeName = "ConnectorStatus")
    AmazonStatusReport amazon(ConnectorStatus connectors, GraphQLContext context) {
        Caller caller = GraphQlCaller.requiringAny(context, READERS);
        try {
            return reads.read(caller, () -> amazon.describe(caller.tenantId()));
        } catch (AmazonConnector.NotConnected none) {
            return null;
        }
    }
}
