package dev.calibrate.app.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.security.OperatorScope;
import dev.calibrate.app.security.OperatorTokens;
import dev.calibrate.schemas.SchemaRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Operator tokens, issued by the platform admin (the admin token) for monitoring: Prometheus and
 * whoever reads health details. Deliberately not the admin token itself, so a scraper's credential
 * cannot create tenants or tokens.
 */
@RestController
@RequestMapping(path = "/admin/v1/operator-tokens", produces = MediaType.APPLICATION_JSON_VALUE)
public class AdminOperatorTokenController {

    /** 201 body: the secret is here and nowhere else, ever. */
    public record IssuedOperatorToken(UUID id, String name, Set<OperatorScope> scopes, String token, Instant createdAt) {
    }

    public record OperatorTokenList(List<OperatorTokens.Stored> items) {
    }

    private final SchemaRegistry schemas;
    private final OperatorTokens tokens;

    public AdminOperatorTokenController(SchemaRegistry schemas, OperatorTokens tokens) {
        this.schemas = schemas;
        this.tokens = tokens;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<IssuedOperatorToken> issue(@RequestBody JsonNode body) {
        schemas.validate("OperatorTokenIssue", body);
        Set<OperatorScope> scopes = EnumSet.noneOf(OperatorScope.class);
        // the schema admits only known scope names
        body.get("scopes").forEach(s -> scopes.add(OperatorScope.fromWireName(s.asText()).orElseThrow()));
        OperatorTokens.Issued issued = tokens.issue(body.get("name").asText(), Set.copyOf(scopes));
        OperatorTokens.Stored stored = issued.stored();
        return ResponseEntity.status(HttpStatus.CREATED).body(new IssuedOperatorToken(stored.id(), stored.name(),
                stored.scopes(), issued.token(), stored.createdAt()));
    }

    @GetMapping
    public OperatorTokenList list() {
        return new OperatorTokenList(tokens.list());
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(@PathVariable UUID id) {
        tokens.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
