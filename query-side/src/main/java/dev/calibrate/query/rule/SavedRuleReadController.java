package dev.calibrate.query.rule;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.catalog.CatalogProjection;
import dev.calibrate.query.consistency.ReadModelProgress;
import dev.calibrate.query.pricechange.PriceChangeProjection;
import dev.calibrate.query.rule.SavedRuleReadApi.PricedByRuleVersion;
import dev.calibrate.query.rule.SavedRuleReadApi.SavedRuleDetail;
import dev.calibrate.query.rule.SavedRuleReadApi.SavedRulePage;
import dev.calibrate.query.rule.SavedRuleReadApi.SavedRuleVersionView;
import dev.calibrate.query.rule.SavedRuleReadApi.SavedRuleVersions;
import dev.calibrate.query.rule.SavedRuleReadApi.ScheduledRunPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Saved rules and their versions, for whoever may read price changes (which reference them). */
@RestController
@Tag(name = "Saved rules")
@RequestMapping(path = "/api/v1/rules", produces = MediaType.APPLICATION_JSON_VALUE)
public class SavedRuleReadController {

    /** No price was set before this: an earlier instant is a mistake, and a far one overflows the database. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private final TenantScope tenantScope;
    private final ReadModelProgress progress;
    private final SavedRuleQueries queries;
    private final SavedRuleScheduleQueries schedules;
    private final Clock clock;

    SavedRuleReadController(TenantScope tenantScope, ReadModelProgress progress, SavedRuleQueries queries,
                            SavedRuleScheduleQueries schedules, Clock clock) {
        this.tenantScope = tenantScope;
        this.progress = progress;
        this.queries = queries;
        this.schedules = schedules;
        this.clock = clock;
    }

    @GetMapping
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listSavedRules", summary = "List saved rules, newest first",
            description = "Each with its latest version's name, without the rule.")
    @ErrorResponses({503})
    public SavedRulePage list(@RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "50") int size,
                              @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                              Caller caller) {
        Paging paging = Paging.of(page, size);
        progress.awaitPosition(SavedRuleProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.list(paging));
    }

    @GetMapping("/{id}")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "getSavedRule", summary = "A saved rule with its latest version")
    @ErrorResponses({503})
    public SavedRuleDetail get(@PathVariable String id,
                               @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                               Caller caller) {
        UUID ruleId = id(id);
        progress.awaitPosition(SavedRuleProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.get(ruleId));
    }

    @GetMapping("/{id}/versions")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listSavedRuleVersions", summary = "Every version of a saved rule, oldest first",
            description = "Without their rules; a version's rule is at /versions/{version}.")
    @ErrorResponses({503})
    public SavedRuleVersions versions(@PathVariable String id,
                                      @RequestHeader(name = EventPositions.WAIT_HEADER, required = false)
                                      Long waitFor, Caller caller) {
        UUID ruleId = id(id);
        progress.awaitPosition(SavedRuleProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.versions(ruleId));
    }

    @GetMapping("/{id}/versions/{version}")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "getSavedRuleVersion", summary = "One version of a saved rule, exactly as saved",
            description = "The name and rule the version had: what a price change that names it applied.")
    @ErrorResponses({503})
    public SavedRuleVersionView version(@PathVariable String id, @PathVariable int version,
                                        @RequestHeader(name = EventPositions.WAIT_HEADER, required = false)
                                        Long waitFor, Caller caller) {
        UUID ruleId = id(id);
        progress.awaitPosition(SavedRuleProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.version(ruleId, version)
                .orElseThrow(() -> new SavedRuleNotFound.VersionNotFound(new SavedRuleId(ruleId), version)));
    }

    @GetMapping("/{id}/schedule/runs")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listSavedRuleScheduledRuns", summary = "The past runs of a saved rule's schedule",
            description = "Newest slot first, in keyset pages (pass `nextBefore` as `before`): each run's slot, when "
                    + "it ran, and the price change it drafted or why it drafted nothing. A run that skips for the "
                    + "same reason as the run before it is not recorded again, so a skip stands for the slots "
                    + "after it until the next run listed. Runs stay listed after the schedule is removed.")
    @ErrorResponses({503})
    public ScheduledRunPage runs(@PathVariable String id,
                                 @Parameter(description = "The nextBefore of the previous page: runs of earlier slots.",
                                         example = "2026-12-05T01:30:00Z",
                                         schema = @Schema(type = "string", format = "date-time"))
                                 @RequestParam(required = false) String before,
                                 @Parameter(description = "Runs a page, 1 to 500.")
                                 @RequestParam(defaultValue = "50") int size,
                                 @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                                 Caller caller) {
        UUID ruleId = id(id);
        if (size < 1 || size > Paging.MAX_SIZE) {
            throw new InvalidInput("size", "must be between 1 and " + Paging.MAX_SIZE);
        }
        Instant cursor = before(before);
        progress.awaitPosition(SavedRuleProjection.NAME, waitFor);
        progress.awaitPosition(SavedRuleRunProjection.NAME, waitFor);
        ScheduledRunPage page = tenantScope.read(caller.tenantId(), () -> schedules.runs(ruleId, cursor, size));
        if (page == null) {
            throw new SavedRuleNotFound();
        }
        return page;
    }

    @GetMapping("/{id}/versions/{version}/products")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listProductsPricedBySavedRuleVersion",
            summary = "The products a rule version priced at an instant",
            description = "Products whose price in effect at `at` (default now; between 2000-01-01 and a year from "
                    + "now) was set by the apply of a price "
                    + "change that used this version; a price replaced since (by anything, a rollback too) is "
                    + "not listed for an instant after it. Keyset pages of products in product id order, each with "
                    + "every currency the version priced: pass `nextAfter` as `after`.")
    @ErrorResponses({503})
    public PricedByRuleVersion products(@PathVariable String id, @PathVariable int version,
                                        @Parameter(description = "An ISO-8601 instant; now when absent.",
                                                example = "2026-11-30T12:00:00Z")
                                        @RequestParam(required = false) String at,
                                        @Parameter(description = "The nextAfter of the previous page.")
                                        @RequestParam(required = false) String after,
                                        @Parameter(description = "Products a page, 1 to 500.")
                                        @RequestParam(defaultValue = "100") int size,
                                        @RequestHeader(name = EventPositions.WAIT_HEADER, required = false)
                                        Long waitFor, Caller caller) {
        UUID ruleId = id(id);
        if (size < 1 || size > Paging.MAX_SIZE) {
            throw new InvalidInput("size", "must be between 1 and " + Paging.MAX_SIZE);
        }
        Instant instant = instant(at);
        UUID cursor = after(after);
        progress.awaitPosition(SavedRuleProjection.NAME, waitFor);
        progress.awaitPosition(PriceChangeProjection.NAME, waitFor);
        progress.awaitPosition(CatalogProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.pricedBy(ruleId, version, instant, cursor, size));
    }

    private Instant instant(String at) {
        if (at == null || at.isBlank()) {
            return clock.instant();
        }
        Instant when;
        try {
            when = Instant.parse(at.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInput("at", "must be an ISO-8601 instant such as 2026-11-30T12:00:00Z");
        }
        // beyond these an instant overflows PostgreSQL's timestamp range (a 500, not an answer)
        if (when.isBefore(EARLIEST) || when.isAfter(clock.instant().plus(Duration.ofDays(366)))) {
            throw new InvalidInput("at", "must be between " + EARLIEST + " and a year from now");
        }
        return when;
    }

    private static Instant before(String before) {
        if (before == null || before.isBlank()) {
            return null;
        }
        try {
            Instant slot = Instant.parse(before.trim());
            if (slot.isBefore(EARLIEST) || slot.isAfter(Instant.parse("9999-01-01T00:00:00Z"))) {
                throw new InvalidInput("before", "must be the nextBefore of a previous page");
            }
            return slot;
        } catch (DateTimeParseException e) {
            throw new InvalidInput("before", "must be the nextBefore of a previous page");
        }
    }

    private static UUID after(String after) {
        if (after == null || after.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(after.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("after", "must be the nextAfter of a previous page");
        }
    }

    /** A malformed id can name no saved rule, so it reads as missing like an unknown one. */
    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new SavedRuleNotFound();
        }
    }
}
