package dev.calibrate.query.pricechange;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.channel.ChannelProjection;
import dev.calibrate.query.consistency.ReadModelProgress;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeOverviewPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/** Price changes as the console lists them; whoever writes, approves, applies or audits them may read them. */
@RestController
@Tag(name = "Price changes")
@RequestMapping(path = "/api/v1/price-changes", produces = MediaType.APPLICATION_JSON_VALUE)
public class PriceChangeReadController {

    private final TenantScope tenantScope;
    private final ReadModelProgress progress;
    private final PriceChangeQueries queries;

    public PriceChangeReadController(TenantScope tenantScope, ReadModelProgress progress, PriceChangeQueries queries) {
        this.tenantScope = tenantScope;
        this.progress = progress;
        this.queries = queries;
    }

    @GetMapping
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listPriceChanges", summary = "List price changes, newest first",
            description = "Without their rules; optionally of one state.")
    @ErrorResponses({503})
    public PriceChangeOverviewPage list(@Parameter(description = "One state, any case, e.g. SUBMITTED.")
                                        @RequestParam(required = false) String state,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "50") int size,
                                        @RequestHeader(name = EventPositions.WAIT_HEADER, required = false)
                                        Long waitFor,
                                        Caller caller) {
        Paging paging = Paging.of(page, size);
        PriceChangeState filter = state(state);
        progress.awaitPosition(PriceChangeProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.list(filter, paging));
    }

    @GetMapping("/{id}")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "getPriceChange", summary = "One price change with its rule and channel sync")
    @ErrorResponses({503})
    public PriceChangeDetail get(@PathVariable UUID id,
                                 @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                                 Caller caller) {
        progress.awaitPosition(PriceChangeProjection.NAME, waitFor);
        progress.awaitPosition(ChannelProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.get(new PriceChangeId(id)));
    }

    /** The state filter, any case; null (blank) for every state. */
    private static PriceChangeState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return PriceChangeState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("state", "must be one of " + Arrays.stream(PriceChangeState.values())
                    .map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
