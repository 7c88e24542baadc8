package dev.calibrate.connectors.shopify.connection;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.lang.Nullable;

import java.time.Instant;

/**
 * The page the merchant's browser lands on after approving the app ({@code GET /connectors/shopify/callback}).
 * {@code CONNECTED}: the tenant that made the install link has the shop. {@code AWAITING_CLAIM}: no
 * tenant has it yet; the claim code, shown only here and only once, lets a tenant administrator claim
 * it until {@code claimableUntil}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShopifyInstallPage(Status status, String shop, @Nullable String tenantId, @Nullable String claimCode,
                                 @Nullable Instant claimableUntil, String next) {

    public enum Status { CONNECTED, AWAITING_CLAIM }

    @Override
    public String toString() {
        return "ShopifyInstallPage[" + status + ", " + shop + "]";
    }
}
