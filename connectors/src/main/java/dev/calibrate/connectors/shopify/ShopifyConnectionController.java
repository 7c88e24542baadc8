package dev.calibrate.connectors.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.schemas.SchemaRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connects a custom app's shop ({@code POST}) and disconnects it ({@code DELETE}). */
@RestController
@RequestMapping(path = "/api/v1/connectors/shopify", produces = MediaType.APPLICATION_JSON_VALUE)
class ShopifyConnectionController {

    private static final String SCHEMA = "ShopConnection";

    private final ShopifyConnector connector;
    private final SchemaRegistry schemas;
    private final EventPositions positions;

    ShopifyConnectionController(ShopifyConnector connector, SchemaRegistry schemas, EventPositions positions) {
        this.connector = connector;
        this.schemas = schemas;
        this.positions = positions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    ResponseEntity<Map<String, Object>> connect(@RequestBody JsonNode body, Caller caller) {
        schemas.validate(SCHEMA, body);
        ShopConnection connection = connector.connect(caller.tenantId(), body.get("shop").asText(),
                ShopConnection.Kind.CUSTOM_APP, new ShopifyConnections.Credentials(body.get("accessToken").asText(),
                        body.get("apiSecret").asText(), null, null, null));
        return ResponseEntity.created(URI.create("/api/v1/connectors/shopify/status"))
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(describe(connection));
    }

    @DeleteMapping
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    ResponseEntity<Map<String, Object>> disconnect(Caller caller) {
        List<String> warnings = connector.disconnect(caller.tenantId(), "disconnected by " + caller.actor().id());
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()));
        return response.body(Map.of("disconnected", true, "warnings", warnings));
    }

    static Map<String, Object> describe(ShopConnection connection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shop", connection.shop());
        body.put("shopName", connection.shopName());
        body.put("currency", connection.currency());
        body.put("kind", connection.kind().name());
        body.put("status", connection.status().name());
        if (connection.statusReason() != null) {
            body.put("statusReason", connection.statusReason());
        }
        body.put("webhooks", connection.webhookIds().isEmpty() ? List.of() : ShopifyConnector.WEBHOOK_TOPICS);
        body.put("connectedAt", connection.connectedAt().toString());
        return body;
    }
}
