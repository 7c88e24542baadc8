package dev.calibrate.query.channel;

import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.channel.ChannelQueries.DriftState;
import dev.calibrate.query.channel.ChannelReadApi.ChannelDriftPage;
import dev.calibrate.query.consistency.ReadModelProgress;
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

import java.util.List;

/**
 * Products whose price at a channel is not the one Calibrate set, for whoever watches the catalog,
 * runs the connectors or audits; accepting or repairing one is a write (command side).
 */
@RestController
@Tag(name = "Channel drift")
@RequestMapping(path = "/api/v1/connectors/{channel}/drift", produces = MediaType.APPLICATION_JSON_VALUE)
public class DriftReadController {

    private final TenantScope tenantScope;
    private final ReadModelProgress progress;
    private final ChannelQueries queries;

    public DriftReadController(TenantScope tenantScope, ReadModelProgress progress, ChannelQueries queries) {
        this.tenantScope = tenantScope;
        this.progress = progress;
        this.queries = queries;
    }

    /** {@code state}: one or more of OPEN, REPAIRING, ACCEPTED, REPAIRED, comma separated; the unresolved ones by default. */
    @GetMapping
    @RequiresScope({Scope.CATALOG_READ, Scope.CONNECTORS_ADMIN, Scope.AUDIT_READ})
    @Operation(operationId = "listChannelDrifts", summary = "Products whose price at a channel is not Calibrate's",
            description = "Newest first; by default the unresolved drifts (OPEN, REPAIRING). The channel is one "
                    + "Calibrate writes prices to (shopify); any other is 404.")
    @ErrorResponses({503})
    public ChannelDriftPage list(@Parameter(example = "shopify") @PathVariable String channel,
                                 @Parameter(description = "One or more of OPEN, REPAIRING, ACCEPTED, REPAIRED, comma "
                                         + "separated, any case.")
                                 @RequestParam(required = false) String state,
                                 @RequestParam(defaultValue = "0") int page,
                                 @RequestParam(defaultValue = "50") int size,
                                 @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                                 Caller caller) {
        if (!ChannelMessages.writesBack(channel)) {
            throw new NotFound("channel");
        }
        Paging paging = Paging.of(page, size);
        List<DriftState> states = ChannelQueries.driftStates(state);
        progress.awaitPosition(ChannelProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.drifts(channel, states, paging));
    }
}
