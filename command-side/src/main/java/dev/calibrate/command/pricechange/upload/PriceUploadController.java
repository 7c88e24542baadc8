package dev.calibrate.command.pricechange.upload;

import dev.calibrate.command.pricechange.PriceChangeController;
import dev.calibrate.command.pricing.RuleParser;
import dev.calibrate.command.product.ingest.StoredProducts;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.DraftPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.schemas.SchemaRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A price change drafted from an uploaded CSV of SKUs and prices ({@link PriceUpload}): the draft is an
 * ordinary one, whose rule lists the SKUs and gives each its uploaded price, so it is previewed, approved by
 * someone else and applied like any other. Kept apart from the JSON draft so each grows on its own.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Price changes", description = "Draft a rule, preview it, have another person approve it, apply it, "
        + "roll it back.")
public class PriceUploadController {

    static final String CSV = "text/csv";
    private static final Set<String> COMPARE_AT = Set.of("keep", "clear", "set_to_current");

    private final CommandGateway commands;
    private final StoredProducts products;
    private final EventPositions positions;
    private final RuleParser rules;

    PriceUploadController(CommandGateway commands, StoredProducts products, EventPositions positions,
                          SchemaRegistry schemas) {
        this.commands = commands;
        this.products = products;
        this.positions = positions;
        this.rules = new RuleParser(schemas);
    }

    /** What an upload drafted: the change, the rows it read and the hash the explain names. */
    public record PriceUploadDrafted(String id, PriceChangeState state, int rows, String sha256) {
    }

    @PostMapping(path = "/price-changes:import", consumes = CSV)
    @RequiresScope(Scope.PRICES_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "importPriceChange", summary = "Draft a price change from a CSV of SKUs and prices",
            description = "Header `sku,price`, then a row per product (at most 10,000, the body at most the server's "
                    + "request limit; a leading byte-order mark and blank lines are allowed; UTF-8). Prices are in "
                    + "`currency`, more than zero, at most its decimals. All or nothing: every line is checked, every "
                    + "SKU must name a product and appear once, and any problem answers 400 naming each bad line "
                    + "(at most 100), with nothing drafted. The DRAFT's rule selects exactly the listed SKUs and "
                    + "sets each to its price (a `price_table` step whose explain names the file, its SHA-256 and "
                    + "the line); preview, submit, approval by someone else and apply are as for any change, and "
                    + "the guardrails and brand floors judge each price. A `compare_at` column is refused: "
                    + "`compareAt` says what happens to compare-at prices, as in a rule. `scheduleAt` and `expiresAt` are "
                    + "a draft's: the change applies at scheduleAt once approved and rolls back at expiresAt.")
    public ResponseEntity<PriceUploadDrafted> importCsv(
            @Parameter(description = "the change's name, 1 to 200 characters") @RequestParam String name,
            @Parameter(description = "ISO-4217 code of the prices, e.g. USD") @RequestParam String currency,
            @Parameter(description = "keep (default), clear or set_to_current, as a rule's compareAt")
            @RequestParam(required = false, defaultValue = "keep") String compareAt,
            @Parameter(description = "what the explain calls the file; upload.csv when absent")
            @RequestParam(required = false) String fileName,
            @Parameter(description = "when to apply it once approved, an ISO-8601 instant (as a draft's scheduleAt); "
                    + "absent: at once when applied")
            @RequestParam(required = false) String scheduleAt,
            @Parameter(description = "when to roll it back once applied, an ISO-8601 instant after scheduleAt (as a "
                    + "draft's expiresAt); absent: never on its own")
            @RequestParam(required = false) String expiresAt,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "the CSV, UTF-8", content = @Content(
                    mediaType = CSV, schema = @Schema(type = "string", format = "binary")))
            @RequestBody(required = false) byte[] body, Caller caller) {
        String changeName = name.strip();
        if (changeName.isEmpty() || changeName.length() > 200) {
            throw new InvalidInput("name", "must be 1 to 200 characters");
        }
        String compare = compareAt.toLowerCase(Locale.ROOT);
        if (!COMPARE_AT.contains(compare)) {
            throw new InvalidInput("compareAt", "must be keep, clear or set_to_current");
        }
        PriceUpload upload = PriceUpload.parse(body, fileName, currency);
        Set<String> stored = products.existing(upload.rows().stream()
                .map(row -> ProductId.forSku(caller.tenantId(), row.sku()).toString()).toList());
        List<Violation> unknown = new ArrayList<>();
        for (PriceUpload.Row row : upload.rows()) {
            if (unknown.size() < PriceUpload.MAX_VIOLATIONS
                    && !stored.contains(ProductId.forSku(caller.tenantId(), row.sku()).toString())) {
                unknown.add(new Violation("line " + row.line() + ": sku", "no product has this SKU"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidInput(unknown);
        }
        var rule = upload.rule(compare);
        rules.parse(rule); // what the upload built is a rule like any other: a mistake here is ours, not the caller's
        PriceChangeId id = PriceChangeId.random();
        commands.sendAndWait(new DraftPriceChange(id, caller.tenantId(), caller.actor(),
                new Definition(changeName, rule, PriceChangeController.instant(blankless(scheduleAt), "scheduleAt"),
                        PriceChangeController.instant(blankless(expiresAt), "expiresAt"),
                        "drafted from " + upload.fileName() + " (sha256 "
                        + upload.sha256() + ", " + upload.rows().size() + " rows)")));
        return ResponseEntity.created(URI.create("/api/v1/price-changes/" + id))
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new PriceUploadDrafted(id.toString(), PriceChangeState.DRAFT, upload.rows().size(), upload.sha256()));
    }

    /** An empty query parameter ({@code scheduleAt=}) is no instant, as an absent one. */
    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
