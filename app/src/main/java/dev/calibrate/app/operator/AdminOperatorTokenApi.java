package dev.calibrate.app.operator;

import dev.calibrate.app.security.token.OperatorScope;
import dev.calibrate.app.security.token.OperatorTokens;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The bodies the operator token API takes and answers; requests are validated against their JSON Schemas first. */
public final class AdminOperatorTokenApi {

    private AdminOperatorTokenApi() {
    }

    @RequestSchema("OperatorTokenIssue")
    public record OperatorTokenIssue(String name, Set<OperatorScope> scopes) {
    }

    /** 201 body: the secret is here and nowhere else, ever. */
    public record IssuedOperatorToken(UUID id, String name, Set<OperatorScope> scopes,
                                      @Schema(description = "the bearer secret, shown only in this answer")
                                      String token, Instant createdAt) {
    }

    /** An operator token as the admin sees it: never its secret or hash. */
    public record OperatorTokenSummary(UUID id, String name, Set<OperatorScope> scopes, Instant createdAt,
                                       @Nullable Instant revokedAt) {

        static OperatorTokenSummary of(OperatorTokens.Stored stored) {
            return new OperatorTokenSummary(stored.id(), stored.name(), stored.scopes(), stored.createdAt(),
                    stored.revokedAt());
        }
    }

    public record OperatorTokenList(List<OperatorTokenSummary> items) {
    }
}
