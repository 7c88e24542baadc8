package dev.calibrate.command.pricechange;

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
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;
import java.util.UUID;

/**
 * The platform admin's hand on a run that ended FAILED (it failed on every attempt): start it again
 * once the cause is removed, or give it up. Needs the bootstrap admin token; any id that names no
 * price change is a 404, a run that is not FAILED a 409.
 */
@RestController
@RequestMapping(path = "/admin/v1/price-changes/{id}/runs/{kind}", produces = MediaType.APPLICATION_JSON_VALUE)
public class AdminPriceChangeRunController {

    /** The change after the admin's action. */
    public record RunAction(PriceChangeId id, PriceChangeState state) {
    }

    private final CommandGateway commands;
    private final PriceChangeHistory history;
    private final EventPositions positions;

    public AdminPriceChangeRunController(CommandGateway commands, PriceChangeHistory history,
                                         EventPositions positions) {
        this.commands = commands;
        this.history = history;
        this.positions = positions;
    }

    /** 202: the run starts again in the background, resuming with the items it had not done. */
    @PostMapping("/retry")
    public ResponseEntity<RunAction> retry(@PathVariable String id, @PathVariable String kind, Caller caller) {
        PriceChangeId changeId = id(id);
        RunKind run = kind(kind);
        commands.sendAndWait(new RetryPriceChangeRun(changeId, tenantOf(changeId), run, caller.actor()));
        return answer(HttpStatus.ACCEPTED, new RunAction(changeId,
                run == RunKind.APPLY ? PriceChangeState.APPLYING : PriceChangeState.ROLLING_BACK));
    }

    @PostMapping("/abandon")
    public ResponseEntity<RunAction> abandon(@PathVariable String id, @PathVariable String kind, Caller caller) {
        PriceChangeId changeId = id(id);
        RunKind run = kind(kind);
        commands.sendAndWait(new AbandonPriceChangeRun(changeId, tenantOf(changeId), run, caller.actor()));
        return answer(HttpStatus.OK, new RunAction(changeId, PriceChangeState.ABANDONED));
    }

    private TenantId tenantOf(PriceChangeId id) {
        return history.tenantOf(id).orElseThrow(() -> new NotFound("price change"));
    }

    private ResponseEntity<RunAction> answer(HttpStatus status, RunAction action) {
        return ResponseEntity.status(status).header(EventPositions.HEADER, Long.toString(positions.head())).body(action);
    }

    /** A malformed id can name no price change, so it reads as missing like an unknown one. */
    private static PriceChangeId id(String id) {
        try {
            return new PriceChangeId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw new NotFound("price change");
        }
    }

    private static RunKind kind(String kind) {
        try {
            return RunKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("kind", "must be APPLY or ROLLBACK");
        }
    }
}
