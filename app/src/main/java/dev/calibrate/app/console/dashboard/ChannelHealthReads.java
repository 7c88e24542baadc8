package dev.calibrate.app.console.dashboard;

import dev.calibrate.app.console.catalog.Display;
import dev.calibrate.app.console.dashboard.DashboardView.Block;
import dev.calibrate.app.console.dashboard.DashboardView.ConnectorHealth;
import dev.calibrate.app.console.dashboard.DashboardView.Drift;
import dev.calibrate.connectors.amazon.status.AmazonStatus;
import dev.calibrate.connectors.amazon.status.AmazonStatusApi.AmazonStatusReport;
import dev.calibrate.connectors.shopify.status.ShopifyStatus;
import dev.calibrate.connectors.shopify.status.ShopifyStatusApi.ShopifyStatusReport;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.channel.ChannelReadApi.ChannelDriftPage;
import dev.calibrate.query.channel.DriftReadController;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's connector blocks, read as the connectors' status endpoints and the drift list read
 * them (connectors:admin or catalog:read; drifts also audit:read). A connector not connected is a
 * row saying so, as the status endpoint's 404 means.
 */
@Component
class ChannelHealthReads {

    private final ShopifyStatus shopify;
    private final AmazonStatus amazon;
    private final DriftReadController drifts;

    ChannelHealthReads(ShopifyStatus shopify, AmazonStatus amazon, DriftReadController drifts) {
        this.shopify = shopify;
        this.amazon = amazon;
        this.drifts = drifts;
    }

    Block<ConnectorHealth> connectors(Caller caller) {
        if (!caller.has(Scope.CONNECTORS_ADMIN) && !caller.has(Scope.CATALOG_READ)) {
            return Block.refused("connectors:admin or catalog:read");
        }
        List<ConnectorHealth> rows = new ArrayList<>();
        rows.add(shopify(caller));
        rows.add(amazon(caller));
        return Block.of(rows, rows.size());
    }

    private ConnectorHealth shopify(Caller caller) {
        ShopifyStatusReport report;
        try {
            report = shopify.describe(caller.tenantId());
        } catch (Rejection notConnected) {
            return new ConnectorHealth("Shopify", false, "Not connected", "", "No shop is connected.");
        }
        boolean healthy = report.connection().status().name().equals("ACTIVE") && report.api().tokenValid()
                && report.deliveries().failed() == 0;
        String detail = report.connection().shop() + " · sync " + report.sync().state().toLowerCase(java.util.Locale.ROOT)
                + " · " + report.deliveries().pending() + " deliveries pending, " + report.deliveries().failed()
                + " failed" + (report.deliveries().lastSyncedAt() == null ? ""
                : " · last synced " + Display.at(report.deliveries().lastSyncedAt()));
        return new ConnectorHealth("Shopify", true, healthy ? "Healthy" : state(report.connection().status().name(),
                report.api().tokenValid()), healthy ? "ok" : "bad", detail);
    }

    private static String state(String status, boolean tokenValid) {
        if (!tokenValid || status.equals("TOKEN_INVALID")) {
            return "Token rejected";
        }
        return status.equals("ACTIVE") ? "Deliveries failing" : "Uninstalled";
    }

    private ConnectorHealth amazon(Caller caller) {
        AmazonStatusReport report;
        try {
            report = amazon.describe(caller.tenantId());
        } catch (Rejection notConnected) {
            return new ConnectorHealth("Amazon", false, "Not connected", "", "No seller account is connected.");
        }
        boolean healthy = report.health().credentialsValid();
        String detail = report.connection().sellerId() + " · read only · sync " + report.sync().state().toLowerCase(java.util.Locale.ROOT)
                + (report.health().reason() == null ? "" : " · " + report.health().reason());
        return new ConnectorHealth("Amazon", true, healthy ? "Healthy" : "Credentials rejected",
                healthy ? "ok" : "bad", detail);
    }

    Block<Drift> drifts(Caller caller) {
        if (!caller.has(Scope.CATALOG_READ) && !caller.has(Scope.CONNECTORS_ADMIN) && !caller.has(Scope.AUDIT_READ)) {
            return Block.refused("catalog:read, connectors:admin or audit:read");
        }
        ChannelDriftPage page = drifts.list("shopify", null, 0, DashboardReads.SHOWN, null, caller);
        return Block.of(page.items().stream().map(d -> new Drift(d.productId(), d.channel(), d.sku(), d.currency(),
                d.expected(), d.actual(), Display.at(d.detectedAt()))).toList(), page.total());
    }
}
