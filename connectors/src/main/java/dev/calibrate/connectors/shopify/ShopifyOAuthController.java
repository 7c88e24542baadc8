package dev.calibrate.connectors.shopify;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public app's install flow. {@code /connectors/shopify/*} are called by Shopify and the merchant's
 * browser (no bearer token: the hmac and the single-use state authenticate them); the install link is
 * for a tenant that starts the install from Calibrate.
 */
@RestController
class ShopifyOAuthController {

    private final ShopifyOAuth oauth;

    ShopifyOAuthController(ShopifyOAuth oauth) {
        this.oauth = oauth;
    }

    @GetMapping("/connectors/shopify/install")
    ResponseEntity<Void> install(@RequestParam Map<String, String> query) {
        return ResponseEntity.status(HttpStatus.FOUND).location(oauth.install(query)).build();
    }

    @GetMapping(path = "/connectors/shopify/callback", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> callback(@RequestParam Map<String, String> query) {
        ShopifyOAuth.Installed installed = oauth.callback(query);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("installed", true);
        body.put("shop", installed.shop());
        body.put("tenantId", installed.tenantId().toString());
        body.put("newTenant", installed.newTenant());
        body.put("next", installed.newTenant()
                ? "ask your Calibrate administrator for an API token for tenant " + installed.tenantId()
                : "the shop is connected; start a catalog sync with POST /api/v1/connectors/shopify/sync");
        return body;
    }

    @GetMapping(path = "/api/v1/connectors/shopify/install-link", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.CONNECTORS_ADMIN)
    Map<String, Object> installLink(@RequestParam String shop, Caller caller) {
        return Map.of("url", oauth.installLink(caller.tenantId(), shop).toString(),
                "expiresInSeconds", ShopifyOAuth.STATE_LIFETIME.toSeconds());
    }
}
