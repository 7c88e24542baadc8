package dev.calibrate.app.messaging;

import dev.calibrate.app.web.RequestContext;
import dev.calibrate.kernel.message.TenantCommand;
import dev.calibrate.kernel.tenant.Actor;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static dev.calibrate.kernel.message.MetadataKeys.ACTOR;
import static dev.calibrate.kernel.message.MetadataKeys.CORRELATION_ID;
import static dev.calibrate.kernel.message.MetadataKeys.REQUEST_ID;
import static dev.calibrate.kernel.message.MetadataKeys.TENANT_ID;

/**
 * Stamps every command sent while serving a request with the tenant, the acting token and the
 * request id; the correlation data providers then copy them onto every event the command causes.
 */
@Component
public class RequestMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            Map<String, Object> metadata = new HashMap<>();
            if (command.getPayload() instanceof TenantCommand tenantCommand && tenantCommand.tenantId() != null) {
                metadata.put(TENANT_ID, tenantCommand.tenantId().toString());
            }
            RequestContext.current().ifPresent(ctx -> {
                metadata.put(REQUEST_ID, ctx.requestId());
                metadata.put(CORRELATION_ID, ctx.requestId());
                if (ctx.caller() != null) {
                    metadata.put(ACTOR, ctx.caller().actor().id());
                }
            });
            if (!command.getMetaData().containsKey(ACTOR)) {
                // background work (a price change run) names its actor itself
                metadata.putIfAbsent(ACTOR, Actor.SYSTEM.id());
            }
            return command.andMetaData(metadata);
        };
    }
}
