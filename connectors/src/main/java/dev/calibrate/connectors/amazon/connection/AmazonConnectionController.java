package dev.calibrate.connectors.amazon.connection;

import dev.calibrate.connectors.amazon.AmazonPaths;
import dev.calibrate.connectors.amazon.AmazonRegion;
import dev.calibrate.connectors.amazon.api.LwaCredentials;
import dev.calibrate.connectors.amazon.connection.AmazonConnectionApi.AmazonConnectionSummary;
import dev.calibrate.connectors.amazon.connection.AmazonConnectionApi.AmazonDisconnection;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.error.InvalidInput;
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
import java.util.ArrayList;
import java.util.List;

/** Connects a seller account ({@code POST}) and disconnects it ({@code DELETE}); secrets are never answered. */
@RestController
@RequestMapping(path = "/api/v1/connectors/amazon", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Amazon", description = "A connected Amazon seller account, read only: listings, offer prices, status.")
public class AmazonConnectionController {

    private final AmazonConnector connector;
    private final EventPositions positions;

    AmazonConnectionController(AmazonConnector connector, EventPositions positions) {
        this.connector = connector;
        this.positions = positions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "connectAmazon", summary = "Connect a seller account",
            description = "Checks the credentials at Login with Amazon before storing them sealed; they are never "
                    + "answered.")
    @ErrorResponses({502, 503})
    ResponseEntity<AmazonConnectionSummary> connect(@RequestBody AmazonConnectionApi.AmazonConnection body, Caller caller) {
        SellerConnection connection = connector.connect(caller.tenantId(), request(body));
        return ResponseEntity.created(URI.create(AmazonPaths.STATUS))
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(AmazonConnectionSummary.of(connection));
    }

    @DeleteMapping
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    @Operation(operationId = "disconnectAmazon", summary = "Disconnect the seller account",
            description = "Removes the stored secrets; products keep their Amazon references.")
    @ErrorResponses({404})
    ResponseEntity<AmazonDisconnection> disconnect(Caller caller) {
        connector.disconnect(caller.tenantId(), "disconnected by " + caller.actor().id());
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new AmazonDisconnection(true));
    }

    /**
     * The body, which its schema has admitted, with what the schema cannot say: each marketplace belongs
     * to the region, and none is listed twice; every such problem at once, naming the item and its id.
     * Values are trimmed, as the schema's patterns allow surrounding spaces.
     */
    public static AmazonConnector.ConnectRequest request(AmazonConnectionApi.AmazonConnection body) {
        String regionName = body.region().trim();
        AmazonRegion region = AmazonRegion.fromWireName(regionName).orElseThrow(
                () -> new InvalidInput("region", "must be na, eu or fe"));
        List<Violation> violations = new ArrayList<>();
        List<String> marketplaceIds = new ArrayList<>();
        for (int i = 0; i < body.marketplaceIds().size(); i++) {
            String id = body.marketplaceIds().get(i).trim();
            if (!region.serves(id)) {
                violations.add(new Violation("marketplaceIds[" + i + "]", "\"" + id
                        + "\" is not a marketplace of region " + regionName));
            } else if (marketplaceIds.contains(id)) {
                violations.add(new Violation("marketplaceIds[" + i + "]", id + " is listed twice"));
            }
            marketplaceIds.add(id);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
        return new AmazonConnector.ConnectRequest(body.sellerId().trim(), region, List.copyOf(marketplaceIds),
                new LwaCredentials(body.clientId().trim(), body.clientSecret().trim(), body.refreshToken().trim()));
    }
}
