package dev.calibrate.app.operator;

import dev.calibrate.app.operator.AdminOperatorTokenApi.IssuedOperatorToken;
import dev.calibrate.app.operator.AdminOperatorTokenApi.OperatorTokenIssue;
import dev.calibrate.app.operator.AdminOperatorTokenApi.OperatorTokenList;
import dev.calibrate.app.operator.AdminOperatorTokenApi.OperatorTokenSummary;
import dev.calibrate.app.security.token.OperatorTokens;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Set;
import java.util.UUID;

/**
 * Operator tokens, issued by the platform admin (the admin token) for monitoring: Prometheus and
 * whoever reads health details. Deliberately not the admin token itself, so a scraper's credential
 * cannot create tenants or tokens.
 */
@RestController
@RequestMapping(path = "/admin/v1/operator-tokens", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admin: operator tokens", description = "Tokens for monitoring: health details, metrics (admin token).")
public class AdminOperatorTokenController {

    private final OperatorTokens tokens;

    public AdminOperatorTokenController(OperatorTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "issueOperatorToken", summary = "Issue an operator token",
            description = "The secret is in this answer and nowhere else, ever.")
    public ResponseEntity<IssuedOperatorToken> issue(@RequestBody OperatorTokenIssue body) {
        OperatorTokens.Issued issued = tokens.issue(body.name(), Set.copyOf(body.scopes()));
        OperatorTokens.Stored stored = issued.stored();
        return ResponseEntity.status(HttpStatus.CREATED).body(new IssuedOperatorToken(stored.id(), stored.name(),
                stored.scopes(), issued.token(), stored.createdAt()));
    }

    @GetMapping
    @Operation(operationId = "listOperatorTokens", summary = "Every operator token, revoked ones too")
    public OperatorTokenList list() {
        return new OperatorTokenList(tokens.list().stream().map(OperatorTokenSummary::of).toList());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "revokeOperatorToken", summary = "Revoke an operator token",
            description = "Revoking again keeps the first revocation's time.")
    public ResponseEntity<Void> revoke(@PathVariable UUID id) {
        tokens.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
