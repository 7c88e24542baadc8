package dev.calibrate.connectors.shopify.connection;

import dev.calibrate.connectors.shopify.ShopifyPaths;
import dev.calibrate.connectors.shopify.connection.ShopifyConnectionApi.ShopifyClaim;
import dev.calibrate.connectors.shopify.connection.ShopifyConnectionApi.ShopifyClaimedShop;
import dev.calibrate.connectors.shopify.connection.ShopifyConnectionApi.ShopifyInstallLink;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
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
@Tag(name = "Shopify app install", description = "The public app's OAuth install, started by Shopify or by a tenant.")
class ShopifyOAuthController {

    /** Shopify signs every query parameter it sends, whatever their names, so all of them are taken. */
    private static final String SIGNED_QUERY = "Shopify's signed query (shop, timestamp, hmac, and for the callback"
            + " code and state); the hmac covers every parameter, so all are read";

    private final ShopifyOAuth oauth;
    private final EventPositions positions;

    ShopifyOAuthController(ShopifyOAuth oauth, EventPositions positions) {
        this.oauth = oauth;
        this.positions = positions;
    }

    @GetMapping("/connectors/shopify/install")
    @ResponseStatus(HttpStatus.FOUND)
    @Operation(operationId = "installShopifyApp", summary = "Shopify's install request: redirects to its consent page",
            description = "Called by the merchant's browser from Shopify, signed by Shopify; no API token.")
    @ErrorResponses({401, 503})
    ResponseEntity<Void> install(@Parameter(description = SIGNED_QUERY) @RequestParam Map<String, String> query) {
        return ResponseEntity.status(HttpStatus.FOUND).location(oauth.install(query)).build();
    }

    @GetMapping(path = "/connectors/shopify/callback", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "completeShopifyInstall", summary = "Shopify's redirect after consent",
            description = "Exchanges the code for the shop's tokens: connects the shop to the tenant whose install "
                    + "link started it, or holds it for a claim with a one-time code shown only here.")
    @ErrorResponses({401, 409, 502, 503})
    ShopifyInstallPage callback(@Parameter(description = SIGNED_QUERY) @RequestParam Map<String, String> query) {
        return oauth.callback(query).page();
    }

    @GetMapping(path = "/api/v1/connectors/shopify/install-link", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    @Operation(operationId = "createShopifyInstallLink", summary = "A link that installs the public app for a shop")
    @ErrorResponses({503})
    ShopifyInstallLink installLink(
            @Parameter(description = "the shop's myshopify.com domain", example = "acme.myshopify.com")
            @RequestParam String shop, Caller caller) {
        return new ShopifyInstallLink(oauth.installLink(caller.tenantId(), shop).toString(),
                ShopifyOAuth.STATE_LIFETIME.toSeconds());
    }

    @PostMapping(path = "/api/v1/connectors/shopify/claims", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "claimShopifyInstall", summary = "Claim an install no tenant asked for",
            description = "Connects the shop whose post-install page showed this claim code; the code works once.")
    @ErrorResponses({502, 503})
    ResponseEntity<ShopifyClaimedShop> claim(@RequestBody ShopifyClaim body, Caller caller) {
        ShopConnection connection = oauth.claim(caller.tenantId(), body.claimCode());
        return ResponseEntity.created(URI.create(ShopifyPaths.STATUS))
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new ShopifyClaimedShop(connection.shop(), connection.shopName(), connection.currency(),
                        connection.kind(), connection.status()));
    }
}
