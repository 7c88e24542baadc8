package dev.calibrate.app.tenant;

import dev.calibrate.app.security.token.ApiTokens;
import dev.calibrate.app.tenant.AdminTenantApi.CreatedTenant;
import dev.calibrate.app.tenant.AdminTenantApi.IssuedApiToken;
import dev.calibrate.app.tenant.AdminTenantApi.TenantCreate;
import dev.calibrate.app.tenant.AdminTenantApi.TenantListing;
import dev.calibrate.app.tenant.AdminTenantApi.TenantListingPage;
import dev.calibrate.app.tenant.AdminTenantApi.TenantTimeZone;
import dev.calibrate.app.tenant.AdminTenantApi.TokenIssue;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.CreateTenant;
import dev.calibrate.kernel.tenant.TenantMessages.IssueApiToken;
import dev.calibrate.kernel.tenant.TenantMessages.RevokeApiToken;
import dev.calibrate.kernel.tenant.TenantMessages.SetTenantTimeZone;
import dev.calibrate.kernel.tenant.TokenId;
import dev.calibrate.query.consistency.ReadModelProgress;
import dev.calibrate.query.tenant.TenantDirectory;
import dev.calibrate.query.tenant.TenantProjection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The platform admin API: tenants and their API tokens. Needs the bootstrap admin token. */
@RestController
@RequestMapping(path = "/admin/v1/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admin: tenants", description = "The platform admin's tenants and their API tokens (admin token).")
public class AdminTenantController {

    private final CommandGateway commands;
    private final ApiTokens apiTokens;
    private final TransactionTemplate transaction;
    private final EventPositions positions;
    private final TenantDirectory directory;
    private final ReadModelProgress progress;

    public AdminTenantController(CommandGateway commands, ApiTokens apiTokens, TransactionTemplate transaction,
                                 EventPositions positions, TenantDirectory directory, ReadModelProgress progress) {
        this.commands = commands;
        this.apiTokens = apiTokens;
        this.transaction = transaction;
        this.positions = positions;
        this.directory = directory;
        this.progress = progress;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createTenant", summary = "Create a tenant")
    public ResponseEntity<CreatedTenant> create(@RequestBody TenantCreate body) {
        TenantId id = TenantId.random();
        String name = body.name().trim();
        commands.sendAndWait(new CreateTenant(id, name, body.defaultCurrency()));
        return ResponseEntity.status(HttpStatus.CREATED).header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new CreatedTenant(id.toString(), name, body.defaultCurrency()));
    }

    @GetMapping
    @Operation(operationId = "listTenants", summary = "Every tenant with its tokens, oldest first")
    public TenantListingPage list(@RequestParam(defaultValue = "0") int page,
                                  @RequestParam(defaultValue = "50") int size,
                                  @Parameter(description = "an X-Calibrate-Position to wait for, so a tenant just "
                                          + "created is listed")
                                  @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor) {
        progress.awaitPosition(TenantProjection.NAME, waitFor);
        Paging paging = Paging.of(page, size);
        Page<TenantDirectory.Listed> found = directory.list(paging);
        return new TenantListingPage(found.getContent().stream().map(TenantListing::of).toList(), paging.page(),
                paging.size(), found.getTotalElements());
    }

    /**
     * Issues a token; its secret is in this response and nowhere else, ever. {@code subject} names the
     * person it belongs to: two tokens of one subject cannot approve each other's price changes.
     */
    @PostMapping(path = "/{tenantId}/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "issueApiToken", summary = "Issue an API token for a tenant",
            description = "The secret is in this answer and nowhere else, ever.")
    public ResponseEntity<IssuedApiToken> issueToken(@PathVariable UUID tenantId, @RequestBody TokenIssue body) {
        TenantId tenant = new TenantId(tenantId);
        TokenId tokenId = TokenId.random();
        Set<Scope> scopes = new LinkedHashSet<>(body.scopes());
        Instant expiresAt = expiresAt(body.expiresAt());
        String subject = body.subject() == null ? null : body.subject().trim();
        String token = transaction.execute(tx -> {
            send(tenant, new IssueApiToken(tenant, tokenId, body.name(), scopes, expiresAt, body.subject()));
            return apiTokens.storeNew(tenant, tokenId, scopes, expiresAt, subject);
        });
        return ResponseEntity.status(HttpStatus.CREATED).header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new IssuedApiToken(tokenId.toString(), token, List.copyOf(scopes), expiresAt, subject));
    }

    /** Sets the zone the tenant's days are counted in (default UTC); an id not in the IANA database is a 400. */
    @PutMapping(path = "/{tenantId}/time-zone", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "setTenantTimeZone", summary = "Set a tenant's time zone",
            description = "An IANA zone id such as Europe/Berlin; the tenant's days (the prior-price window) are "
                    + "counted in it. A tenant that never set one is in UTC.")
    public ResponseEntity<TenantTimeZone> setTimeZone(@PathVariable UUID tenantId, @RequestBody TenantTimeZone body) {
        TenantId tenant = new TenantId(tenantId);
        send(tenant, new SetTenantTimeZone(tenant, body.timeZone()));
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new TenantTimeZone(body.timeZone().strip()));
    }

    @DeleteMapping("/{tenantId}/tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "revokeApiToken", summary = "Revoke a tenant's API token")
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

    private static Instant expiresAt(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("expiresAt", "must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
    }
}
