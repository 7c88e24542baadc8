package dev.calibrate.app.tenant;

import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.tenant.ApiTokenView;
import dev.calibrate.query.tenant.TenantDirectory;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The bodies the admin's tenant API takes and answers; requests are validated against their JSON Schemas first. */
public final class AdminTenantApi {

    private AdminTenantApi() {
    }

    @RequestSchema("TenantCreate")
    public record TenantCreate(String name, String defaultCurrency) {
    }

    /** An IANA time zone id: the tenant's days (the prior-price window) are counted in it. */
    @RequestSchema("TenantTimeZone")
    public record TenantTimeZone(@Schema(example = "Europe/Berlin") String timeZone) {
    }

    /**
     * {@code subject} names the person the token belongs to: two tokens of one subject cannot approve each
     * other's price changes. {@code expiresAt} is an ISO-8601 instant; none means the token does not expire.
     */
    @RequestSchema("TokenIssue")
    public record TokenIssue(String name, List<Scope> scopes, @Nullable String expiresAt, @Nullable String subject) {
    }

    public record CreatedTenant(@Schema(example = "3f2c8a61-5b7e-4d0a-9c1f-2e6b4a8d9f10") String id, String name,
                                @Schema(example = "USD") String defaultCurrency) {
    }

    /** 201 body: the secret is here and nowhere else, ever. */
    public record IssuedApiToken(String id, @Schema(description = "the bearer secret, shown only in this answer")
                                 String token, List<Scope> scopes, @Nullable Instant expiresAt,
                                 @Nullable String subject) {
    }

    /** A token as the admin sees it: never its secret or hash. */
    public record TenantTokenListing(UUID id, String name, List<String> scopes, @Nullable String subject,
                                     Instant issuedAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt) {

        static TenantTokenListing of(ApiTokenView token) {
            return new TenantTokenListing(token.getTokenId(), token.getName(), token.getScopes(), token.getSubject(),
                    token.getIssuedAt(), token.getExpiresAt(), token.getRevokedAt());
        }
    }

    public record TenantListing(UUID id, String name, String defaultCurrency,
                                @Schema(description = "IANA zone id the tenant's days are counted in", example = "UTC")
                                String timeZone, Instant createdAt, List<TenantTokenListing> tokens) {

        static TenantListing of(TenantDirectory.Listed listed) {
            return new TenantListing(listed.tenant().getTenantId(), listed.tenant().getName(),
                    listed.tenant().getDefaultCurrency(), listed.tenant().getTimeZone(), listed.tenant().getCreatedAt(),
                    listed.tokens().stream().map(TenantTokenListing::of).toList());
        }
    }

    public record TenantListingPage(List<TenantListing> items, int page, int size, long total) {
    }
}
