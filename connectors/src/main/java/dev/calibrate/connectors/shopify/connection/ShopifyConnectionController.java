package dev.calibrate.connectors.shopify.connection;

import dev.calibrate.connectors.shopify.ShopifyPaths;
import dev.calibrate.connectors.shopify.connection.ShopifyConnectionApi.ShopifyConnectionSummary;
import dev.calibrate.connectors.shopify.connection.ShopifyConnectionApi.ShopifyDisconnection;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** Connects a custom app's shop ({@code POST}) and disconnects it ({@code DELETE}). */
@RestController
@RequestMapping(path = "/api/v1/connectors/shopify", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Shopify")
class ShopifyConnectionController {

    private final ShopifyConnector connector;
    private final EventPositions positions;

    ShopifyConnectionController(ShopifyConnector connector, EventPositions positions) {
        this.connector = connector;
        this.positions = positions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "connectShopify", summary = "Connect a shop through its custom app",
            description = "Checks the access token with Shopify and subscribes to product webhooks; "
                    + "the secrets are stored sealed and never answered.")
    @ErrorResponses({502, 503})
    ResponseEntity<ShopifyConnectionSummary> connect(@RequestBody ShopifyConnectionApi.ShopifyConnection body, Caller caller) {
        ShopConnection connection = connector.connect(caller.tenantId(), body.shop(), ShopConnection.Kind.CUSTOM_APP,
                new ShopifyConnections.Credentials(body.accessToken(), body.apiSecret(), null, null, null));
        return ResponseEntity.created(URI.create(ShopifyPaths.STATUS))
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(ShopifyConnectionSummary.of(connection));
    }

    @DeleteMapping
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    @Operation(operationId = "disconnectShopify", summary = "Disconnect the shop",
            description = "Removes the webhook subscriptions at Shopify (what it could not remove is a warning) "
                    + "and the stored secrets.")
    @ErrorResponses({404})
    ResponseEntity<ShopifyDisconnection> disconnect(Caller caller) {
        List<String> warnings = connector.disconnect(caller.tenantId(), "disconnected by " + caller.actor().id());
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new ShopifyDisconnection(true, warnings));
    }
}
