package dev.calibrate.connectors.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.schemas.ControlCharacters;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Connects a seller account ({@code POST}) and disconnects it ({@code DELETE}); secrets are never answered. */
@RestController
@RequestMapping(path = "/api/v1/connectors/amazon", produces = MediaType.APPLICATION_JSON_VALUE)
class AmazonConnectionController {

    /** Seller (merchant) ids are upper-case letters and digits, e.g. A2EXAMPLE1SELLER; they go in URL paths. */
    private static final Pattern SELLER_ID = Pattern.compile("^[A-Z0-9]{1,32}$");

    private static final List<String> FIELDS = List.of("sellerId", "region", "marketplaceIds", "clientId",
            "clientSecret", "refreshToken");

    private final AmazonConnector connector;
    private final EventPositions positions;

    AmazonConnectionController(AmazonConnector connector, EventPositions positions) {
        this.connector = connector;
        this.positions = positions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    ResponseEntity<Map<String, Object>> connect(@RequestBody JsonNode body, Caller caller) {
        SellerConnection connection = connector.connect(caller.tenantId(), request(body));
        return ResponseEntity.created(URI.create(AmazonSyncController.STATUS_URL))
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(describe(connection));
    }

    @DeleteMapping
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    ResponseEntity<Map<String, Object>> disconnect(Caller caller) {
        connector.disconnect(caller.tenantId(), "disconnected by " + caller.actor().id());
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(Map.of("disconnected", true));
    }

    /** Every problem with the body at once, each naming its field. */
    static AmazonConnector.ConnectRequest request(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidInput("body", "must be a JSON object");
        }
        // no JSON Schema here, so the check every request schema makes is made directly
        List<Violation> violations = new ArrayList<>(ControlCharacters.violations(body));
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                violations.add(new Violation(name, "is not a field of an Amazon connection; expected " + FIELDS));
            }
        });
        String sellerId = text(body, "sellerId");
        if (sellerId == null) {
            violations.add(new Violation("sellerId", "is required"));
        } else if (!SELLER_ID.matcher(sellerId).matches()) {
            violations.add(new Violation("sellerId", "must be the seller's merchant id: upper-case letters and digits"));
        }
        String regionName = text(body, "region");
        Optional<AmazonRegion> region = Optional.ofNullable(regionName).flatMap(AmazonRegion::fromWireName);
        if (region.isEmpty()) {
            violations.add(new Violation("region", "must be na, eu or fe"));
        }
        List<String> marketplaceIds = new ArrayList<>();
        JsonNode marketplaces = body.path("marketplaceIds");
        if (!marketplaces.isArray() || marketplaces.isEmpty()) {
            violations.add(new Violation("marketplaceIds", "must list at least one marketplace id, e.g. ATVPDKIKX0DER"));
        } else {
            for (int i = 0; i < marketplaces.size(); i++) {
                String id = marketplaces.get(i).isTextual() ? marketplaces.get(i).asText().trim() : "";
                if (region.isPresent() && !region.get().serves(id)) {
                    violations.add(new Violation("marketplaceIds[" + i + "]", "\"" + id
                            + "\" is not a marketplace of region " + regionName));
                } else if (marketplaceIds.contains(id)) {
                    violations.add(new Violation("marketplaceIds[" + i + "]", id + " is listed twice"));
                }
                marketplaceIds.add(id);
            }
        }
        for (String secret : List.of("clientId", "clientSecret", "refreshToken")) {
            if (text(body, secret) == null) {
                violations.add(new Violation(secret, "is required"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
        return new AmazonConnector.ConnectRequest(sellerId, region.get(), List.copyOf(marketplaceIds),
                new LwaCredentials(text(body, "clientId"), text(body, "clientSecret"), text(body, "refreshToken")));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText().trim();
    }

    static Map<String, Object> describe(SellerConnection connection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sellerId", connection.sellerId());
        body.put("region", connection.region().wireName());
        body.put("marketplaceIds", connection.marketplaceIds());
        body.put("status", connection.status().name());
        if (connection.statusReason() != null) {
            body.put("statusReason", connection.statusReason());
        }
        body.put("connectedAt", connection.connectedAt().toString());
        body.put("readOnly", true);
        return body;
    }
}
