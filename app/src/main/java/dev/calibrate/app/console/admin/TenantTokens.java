package dev.calibrate.app.console.admin;

import dev.calibrate.query.tenant.ApiTokenView;
import dev.calibrate.query.tenant.TenantDirectory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's page as the admin sees it: its tokens, never a secret or a hash. */
public record TenantTokens(UUID id, String name, String defaultCurrency, Instant createdAt, List<Token> tokens) {

    public record Token(UUID id, String name, List<String> scopes, String subject, Instant issuedAt, Instant expiresAt,
                 Instant revokedAt) {

        public boolean revoked() {
            return revokedAt != null;
        }

        public boolean expired() {
            return expiresAt != null && expiresAt.isBefore(Instant.now());
        }

        static Token of(ApiTokenView view) {
            return new Token(view.getTokenId(), view.getName(), view.getScopes(), view.getSubject(),
                    view.getIssuedAt(), view.getExpiresAt(), view.getRevokedAt());
        }
    }

    static TenantTokens of(TenantDirectory.Listed listed) {
        return new TenantTokens(listed.tenant().getTenantId(), listed.tenant().getName(),
                listed.tenant().getDefaultCurrency(), listed.tenant().getCreatedAt(),
                listed.tokens().stream().map(Token::of).toList());
    }
}
