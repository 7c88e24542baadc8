package dev.calibrate.app.copilot;

import dev.calibrate.app.web.RequestContext;
import dev.calibrate.kernel.copilot.CopilotMessages.CopilotEvent;
import dev.calibrate.kernel.tenant.Caller;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

import static dev.calibrate.kernel.message.MetadataKeys.ACTOR;
import static dev.calibrate.kernel.message.MetadataKeys.CORRELATION_ID;
import static dev.calibrate.kernel.message.MetadataKeys.REQUEST_ID;
import static dev.calibrate.kernel.message.MetadataKeys.TENANT_ID;

/**
 * Appends each question's event to the event store, stamped as a command's events are (tenant, actor,
 * request): the audit projection, the one writer of {@code audit_entry}, files it in the tenant's log
 * like any other event. No aggregate decides anything here, so the event is published, not applied.
 */
@Component
class CopilotAuditLog {

    private final EventGateway events;

    CopilotAuditLog(EventGateway events) {
        this.events = events;
    }

    void record(Caller caller, CopilotEvent event) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(TENANT_ID, caller.tenantId().toString());
        metadata.put(ACTOR, caller.actor().id());
        RequestContext.current().ifPresent(ctx -> {
            metadata.put(REQUEST_ID, ctx.requestId());
            metadata.put(CORRELATION_ID, ctx.requestId());
        });
        events.publish(GenericEventMessage.asEventMessage(event).andMetaData(metadata));
    }
}
