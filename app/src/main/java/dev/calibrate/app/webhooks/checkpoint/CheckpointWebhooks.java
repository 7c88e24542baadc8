package dev.calibrate.app.webhooks.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.audit.checkpoint.Checkpoint;
import dev.calibrate.app.audit.checkpoint.CheckpointPublisher;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoint;
import dev.calibrate.app.webhooks.outbox.DeliveryKind;
import dev.calibrate.app.webhooks.outbox.OutboxSettings;
import dev.calibrate.app.webhooks.outbox.WebhookDeliveries.Queued;
import dev.calibrate.app.webhooks.outbox.WebhookDeliveries;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.feed.EventFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Sends each signed checkpoint of a tenant's audit log to its webhooks that receive
 * {@value WebhookEndpoint#AUDIT_CHECKPOINT}, queued in the transaction that stores the checkpoint: a copy
 * outside Calibrate that the operator cannot take back, against which any later export or proof is checked
 * (docs/audit.md). The CloudEvent's id is derived from the signed note, so every attempt carries the same
 * {@code webhook-id} and another checkpoint of the same size another one.
 */
@Component
public class CheckpointWebhooks implements CheckpointPublisher {

    private static final Logger log = LoggerFactory.getLogger(CheckpointWebhooks.class);

    private final WebhookDeliveries deliveries;
    private final OutboxSettings limits;
    private final ObjectMapper mapper;

    public CheckpointWebhooks(WebhookDeliveries deliveries, OutboxSettings limits, ObjectMapper mapper) {
        this.deliveries = deliveries;
        this.limits = limits;
        this.mapper = mapper;
    }

    @Override
    public void signed(TenantId tenantId, String origin, Checkpoint checkpoint) {
        // from the signed note: a resend keeps its id, but a checkpoint of the same size signed anew (a
        // rewritten log) is another event a receiver must see, not a duplicate to drop
        String eventId = UUID.nameUUIDFromBytes(checkpoint.note().getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode event = mapper.createObjectNode()
                .put("specversion", EventFeed.SPEC_VERSION)
                .put("id", eventId)
                .put("source", "/tenants/" + tenantId)
                .put("type", WebhookEndpoint.AUDIT_CHECKPOINT)
                .put("subject", origin)
                .put("time", checkpoint.signedAt().toString())
                .put("datacontenttype", EventFeed.CONTENT_TYPE);
        event.putObject("data")
                .put("origin", origin)
                .put("treeSize", checkpoint.treeSize())
                .put("rootHash", HexFormat.of().formatHex(checkpoint.rootHash()))
                .put("keyId", checkpoint.keyId())
                .put("signedAt", checkpoint.signedAt().toString())
                .put("note", checkpoint.note());
        String body;
        try {
            body = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        int queued = deliveries.queueToSubscribers(tenantId, DeliveryKind.CHECKPOINT,
                new Queued(eventId, WebhookEndpoint.AUDIT_CHECKPOINT, null, body), limits.maxPendingPerEndpoint(),
                checkpoint.signedAt());
        log.debug("Checkpoint {} of tenant {} queued for {} webhook endpoint(s)", checkpoint.treeSize(), tenantId,
                queued);
    }
}
