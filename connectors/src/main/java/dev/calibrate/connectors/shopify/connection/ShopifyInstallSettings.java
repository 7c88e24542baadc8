package dev.calibrate.connectors.shopify.connection;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Public-app installs that no tenant asked for ({@code calibrate.shopify.installs.*}).
 *
 * @param claimCodeLifetime how long the claim code an unsolicited install shows can link the shop to
 *                          a tenant; after that the pending install is forgotten and the merchant
 *                          installs again
 */
@ConfigurationProperties("calibrate.shopify.installs")
public record ShopifyInstallSettings(@DefaultValue("72h") Duration claimCodeLifetime) {

    public ShopifyInstallSettings {
        if (claimCodeLifetime.isNegative() || claimCodeLifetime.isZero()) {
            throw new IllegalArgumentException("calibrate.shopify.installs.claim-code-lifetime must be positive, not "
                    + claimCodeLifetime);
        }
    }
}
