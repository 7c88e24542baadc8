package dev.calibrate.connectors.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.schemas.SchemaRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;

/**
 * The public app's install flow. {@code /connectors/shopify/*} are called by Shopify and the merchant's
 * browser (no bearer token: the hmac and the single-use state authenticate them); the install link is
 * for a tenant that starts the install from Calibrate, and a claim links an install no tenant asked
 * for to the tenant whose administrator has its claim code.
 */
@RestController
class ShopifyOAuthController {

    private final ShopifyOAuth oauth;
    private final SchemaRegistry schemas;
    private final EventPositions positions;

    ShopifyOAuthController(ShopifyOAuth oauth, SchemaRegistry schemas, EventPositions positions) {
        this.oauth = oauth;
        this.schemas = schemas;
        this.positions = positions;
    }

    record InstallLink(String url, long expiresInSeconds) {
    }

    record ClaimedShop(String shop, String shopName, String currency, String kind, String status) {
    }

    @GetMapping("/connectors/shopify/install")
    ResponseEntity<Void> install(@RequestParam Map<String, String> query) {
        return ResponseEntity.status(HttpStatus.FOUND).location(oauth.install(query)).build();
    }

    @GetMapping(path = "/connectors/shopify/callback", produces = MediaType.APPLICATION_JSON_VALUE)
    ShopifyInstallPage callback(@RequestParam Map<String, String> query) {
        return oauth.callback(query).page();
    }

    @GetMapping(path = "/api/v1/connectors/shopify/install-link", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    InstallLink installLink(@RequestParam String shop, Caller caller) {
        return new InstallLink(oauth.installLink(caller.tenantId(), shop).toString(), ShopifyOAuth.STATE_LIFETIME.toSeconds());
    }

    @PostMapping(path = "/api/v1/connectors/shopify/claims", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    ResponseEntity<ClaimedShop> claim(@RequestBody JsonNode body, Caller caller) {
        schemas.validate("ShopifyClaim", body);
        ShopConnection connection = oauth.claim(caller.tenantId(), body.get("claimCode").asText());
        return ResponseEntity.created(URI.create("/api/v1/connectors/shopify/status"))
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new ClaimedShop(connection.shop(), connection.shopName(), connection.currency(),
                        connection.kind().name(), connection.status().name()));
    }
}
