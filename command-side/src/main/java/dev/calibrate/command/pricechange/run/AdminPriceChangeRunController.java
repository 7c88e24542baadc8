package dev.calibrate.command.pricechange.run;

import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeStatus;
import dev.calibrate.command.pricechange.PriceChangeController;
import dev.calibrate.command.pricechange.PriceChangeHistory;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.AbandonPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RetryPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;

/**
 * The platform admin's hand on a run that ended FAILED (it failed on every attempt): start it again
 * once the cause is removed, or give it up. Needs the bootstrap admin token; any id that names no
 * price change is a 404, a run that is not FAILED a 409.
 */
@RestController
@RequestMapping(path = "/admin/v1/price-changes/{id}/runs/{kind}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admin: price change runs", description = "The platform operator's hand on runs that failed.")
public class AdminPriceChangeRunController {

    private final CommandGateway commands;
    private final PriceChangeHistory history;
    private final EventPositions positions;

    public AdminPriceChangeRunController(CommandGateway commands, PriceChangeHistory history,
                                         EventPositions positions) {
        this.commands = commands;
        this.history = history;
        this.positions = positions;
    }

    @PostMapping("/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "retryPriceChangeRun", summary = "Start a failed run again",
            description = "The run starts again in the background, resuming with the items it had not done; "
                    + "the change is APPLYING (or ROLLING_BACK) again. kind is apply or rollback.")
    public ResponseEntity<PriceChangeStatus> retry(@PathVariable String id, @PathVariable String kind, Caller caller) {
        PriceChangeId changeId = PriceChangeController.id(id);
        RunKind run = kind(kind);
        commands.sendAndWait(new RetryPriceChangeRun(changeId, tenantOf(changeId), run, caller.actor()));
        return answer(HttpStatus.ACCEPTED, changeId,
                run == RunKind.APPLY ? PriceChangeState.APPLYING : PriceChangeState.ROLLING_BACK);
    }

    @PostMapping("/abandon")
    @Operation(operationId = "abandonPriceChangeRun", summary = "Give up a failed run",
            description = "The change is ABANDONED: the items the run did not do stay undone. kind is apply or "
                    + "rollback.")
    public ResponseEntity<PriceChangeStatus> abandon(@PathVariable String id, @PathVariable String kind,
                                                     Caller caller) {
        PriceChangeId changeId = PriceChangeController.id(id);
        RunKind run = kind(kind);
        commands.sendAndWait(new AbandonPriceChangeRun(changeId, tenantOf(changeId), run, caller.actor()));
        return answer(HttpStatus.OK, changeId, PriceChangeState.ABANDONED);
    }

    private TenantId tenantOf(PriceChangeId id) {
        return history.tenantOf(id).orElseThrow(() -> new NotFound("price change"));
    }

    private ResponseEntity<PriceChangeStatus> answer(HttpStatus status, PriceChangeId id, PriceChangeState state) {
        return ResponseEntity.status(status).header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new PriceChangeStatus(id.toString(), state));
    }

    private static RunKind kind(String kind) {
        try {
            return RunKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("kind", "must be APPLY or ROLLBACK");
        }
    }
}
