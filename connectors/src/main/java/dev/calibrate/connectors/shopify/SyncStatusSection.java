package dev.calibrate.connectors.shopify;

import dev.calibrate.connectors.shopify.ShopifySyncs.SyncStatus;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code sync} member of the status: the last (or running) catalog sync, {@code {"state":"NEVER"}} before the first. */
@Component
@Order(10)
class SyncStatusSection implements ShopifyStatus.Section {

    private final ShopifySyncs syncs;

    SyncStatusSection(ShopifySyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public Object describe(ShopConnection connection) {
        return syncs.find(connection.tenantId()).map(SyncStatusSection::describe).orElse(Map.of("state", "NEVER"));
    }

    static Map<String, Object> describe(SyncStatus sync) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", sync.state().name());
        body.put("mode", sync.mode());
        body.put("requestedAt", text(sync.requestedAt()));
        body.put("startedAt", text(sync.startedAt()));
        body.put("finishedAt", text(sync.finishedAt()));
        body.put("products", sync.tally().products());
        body.put("variants", sync.tally().variants());
        body.put("created", sync.tally().created());
        body.put("updated", sync.tally().updated());
        body.put("unchanged", sync.tally().unchanged());
        body.put("deactivated", sync.tally().deactivated());
        body.put("warnings", sync.warnings());
        body.put("error", sync.error());
        return body;
    }

    private static String text(java.time.Instant at) {
        return at == null ? null : at.toString();
    }
}
