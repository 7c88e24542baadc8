package dev.calibrate.command.channel;

import dev.calibrate.command.channel.DriftApi.DriftSettlement;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.channel.ChannelMessages.AcceptChannelPrice;
import dev.calibrate.kernel.channel.ChannelMessages.RepairChannelPrice;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.TenantCommand;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * Settles a drift (a channel showing another price than the one Calibrate set): accept the channel's
 * price, or repair it by having the connector send Calibrate's again. 202: a repair completes when the
 * channel confirms it; follow it at {@code GET /api/v1/connectors/{channel}/drift}.
 */
@RestController
@RequestMapping(path = "/api/v1/connectors/{channel}/drift/{productId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Channel drift", description = "Settle a channel showing another price than the one Calibrate set.")
public class DriftController {

    private final CommandGateway commands;
    private final EventPositions positions;

    public DriftController(CommandGateway commands, EventPositions positions) {
        this.commands = commands;
        this.positions = positions;
    }

    @PostMapping("/accept")
    @RequiresScope({Scope.PRICES_APPLY, Scope.CONNECTORS_ADMIN})
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "acceptDrift", summary = "Accept the channel's price",
            description = "The price the channel shows becomes the product's price in Calibrate.")
    public ResponseEntity<DriftSettlement> accept(@PathVariable String channel, @PathVariable String productId,
                                                  Caller caller) {
        String known = known(channel);
        ProductId id = product(productId);
        send(new AcceptChannelPrice(id, caller.tenantId(), known), id);
        return accepted(id, channel, "ACCEPTED");
    }

    @PostMapping("/repair")
    @RequiresScope({Scope.PRICES_APPLY, Scope.CONNECTORS_ADMIN})
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "repairDrift", summary = "Send Calibrate's price to the channel again",
            description = "The repair completes when the channel confirms the price.")
    public ResponseEntity<DriftSettlement> repair(@PathVariable String channel, @PathVariable String productId,
                                                  Caller caller) {
        String known = known(channel);
        ProductId id = product(productId);
        send(new RepairChannelPrice(id, caller.tenantId(), known), id);
        return accepted(id, channel, "REPAIRING");
    }

    private void send(TenantCommand command, ProductId id) {
        try {
            commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw new ProductNotFound();
        }
    }

    private ResponseEntity<DriftSettlement> accepted(ProductId id, String channel, String state) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new DriftSettlement(id.toString(), channel, state));
    }

    /** Only a channel Calibrate writes prices to can drift. */
    private static String known(String channel) {
        if (!ChannelMessages.writesBack(channel)) {
            throw new NotFound("channel");
        }
        return channel;
    }

    /** A malformed id can name no product, so it reads as missing like an unknown one. */
    private static ProductId product(String id) {
        try {
            return new ProductId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw new NotFound("product");
        }
    }
}
