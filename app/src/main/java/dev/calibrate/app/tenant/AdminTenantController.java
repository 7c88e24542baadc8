package dev.calibrate.app.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.security.ApiTokens;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.CreateTenant;
import dev.calibrate.kernel.tenant.TenantMessages.IssueApiToken;
import dev.calibrate.kernel.tenant.TenantMessages.RevokeApiToken;
import dev.calibrate.kernel.tenant.TokenId;
import dev.calibrate.query.consistency.ReadModelProgress;
import dev.calibrate.query.tenant.TenantDirectory;
import dev.calibrate.query.tenant.TenantProjection;
import dev.calibrate.schemas.SchemaRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import dev.calibrate.kernel.error.NotFound;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The platform admin API: tenants and their API tokens. Needs the bootstrap admin token. */
@RestController
@RequestMapping(path = "/admin/v1/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
public class AdminTenantController {

    private final CommandGateway commands;
    private final SchemaRegistry schemas;
    private final ApiTokens apiTokens;
    private final TransactionTemplate transaction;
    private final EventPositions positions;
    private final TenantDirectory directory;
    private final ReadModelProgress progress;

    public AdminTenantController(CommandGateway commands, SchemaRegistry schemas, ApiTokens apiTokens,
                                 TransactionTemplate transaction, EventPositions positions, TenantDirectory directory,
                                 ReadModelProgress progress) {
        this.commands = commands;
        this.schemas = schemas;
        this.apiTokens = apiTokens;
        this.transaction = transaction;
        this.positions = positions;
        this.directory = directory;
        this.progress = progress;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body) {
        schemas.validate("TenantCreate", body);
        TenantId id = TenantId.random();
        String name = body.get("name").asText().trim();
        String currency = body.get("defaultCurrency").asText();
        commands.sendAndWait(new CreateTenant(id, name, currency));
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("id", id.toString());
        created.put("name", name);
        created.put("defaultCurrency", currency);
        return ResponseEntity.status(HttpStatus.CREATED).header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(created);
    }

    @GetMapping
    public ResponseEntity<Map<String, Object>> list(@RequestParam(defaultValue = "0") int page,
                                                    @RequestParam(defaultValue = "50") int size,
                                                    @RequestHeader(name = EventPositions.WAIT_HEADER, required = false)
                                                    Long waitFor) {
        progress.awaitPosition(TenantProjection.NAME, waitFor);
        return ResponseEntity.ok(directory.list(page, size));
    }

    /**
     * Issues a token; its secret is in this response and nowhere else, ever. {@code subject} names the
     * person it belongs to: two tokens of one subject cannot approve each other's price changes.
     */
    @PostMapping(path = "/{tenantId}/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> issueToken(@PathVariable UUID tenantId, @RequestBody JsonNode body) {
        schemas.validate("TokenIssue", body);
        TenantId tenant = new TenantId(tenantId);
        TokenId tokenId = TokenId.random();
        Set<Scope> scopes = new LinkedHashSet<>();
        body.get("scopes").forEach(s -> scopes.add(Scope.fromWireName(s.asText())));
        Instant expiresAt = expiresAt(body.path("expiresAt"));
        String requestedSubject = body.path("subject").isTextual() ? body.get("subject").asText() : null;
        String subject = requestedSubject == null ? null : requestedSubject.trim();
        String token = transaction.execute(tx -> {
            send(tenant, new IssueApiToken(tenant, tokenId, body.get("name").asText(), scopes, expiresAt,
                    requestedSubject));
            return apiTokens.storeNew(tenant, tokenId, scopes, expiresAt, subject);
        });
        Map<String, Object> issued = new LinkedHashMap<>();
        issued.put("id", tokenId.toString());
        issued.put("token", token);
        issued.put("scopes", scopes);
        if (expiresAt != null) {
            issued.put("expiresAt", expiresAt.toString());
        }
        if (subject != null) {
            issued.put("subject", subject);
        }
        return ResponseEntity.status(HttpStatus.CREATED).header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(issued);
    }

    @DeleteMapping("/{tenantId}/tokens/{tokenId}")
    public ResponseEntity<Void> revokeToken(@PathVariable UUID tenantId, @PathVariable UUID tokenId) {
        TenantId tenant = new TenantId(tenantId);
        TokenId token = new TokenId(tokenId);
        transaction.executeWithoutResult(tx -> {
            send(tenant, new RevokeApiToken(tenant, token));
            apiTokens.markRevoked(token);
        });
        return ResponseEntity.noContent().header(EventPositions.HEADER, Long.toString(positions.head())).build();
    }

    private void send(TenantId tenant, Object command) {
        try {
            commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw new NotFound("tenant");
        }
    }

    private static Instant expiresAt(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidInput("expiresAt", "must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
    }
}
