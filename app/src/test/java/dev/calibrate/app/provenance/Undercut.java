package dev.calibrate.app.provenance;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provenance tests' history: MC-1 came in from Shopify at 30.00 (cost 10.00, also listed on Amazon); a
 * change written by the manager and approved by someone else undercut Bolt Outlet's 26.00 by 1% to 25.99.
 */
record Undercut(Api.TenantToken manager, Api.TenantToken approver, ProductId product, Instant observedAt,
                Instant beforeApply, String change) {

    /** 1% under the lowest fresh competitor price, charm-rounded to .99, never under 20% margin. */
    static final Map<String, Object> RULE = Map.of(
            "selector", Map.of("field", "tags", "op", "contains", "value", "match"),
            "transform", List.of(
                    Map.of("op", "match_competitor", "strategy", "lowest", "offsetPercent", -1, "maxAgeHours", 24),
                    Map.of("op", "round", "mode", "charm", "ending", "0.99"),
                    Map.of("op", "min_margin", "percent", 20)),
            "currency", "USD");

    static Undercut applied(Api api, ProvenanceSteps steps, PriceChangeSteps priceChanges, EventPositions positions) {
        Api.TenantToken manager = api.newTenant("Provenance " + UUID.randomUUID());
        Api.TenantToken approver = tokenOf(api, manager.tenantId(), "approver@acme.example", "prices:approve");
        // guardrails the explain trace reports as checked
        Api.Response policy = api.send("PUT", "/api/v1/policy", manager.token(),
                Map.of("maxDecreasePercent", "30", "minMarginPercent", "20"));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        ProductId product = ProvenanceSteps.id(manager, "MC-1");
        steps.shopifyIngest(manager, "MC-1", "30.00", "10.00");
        steps.amazonListing(manager, "MC-1");
        Instant observedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        String bolt = steps.registerCompetitor(manager.token(), "Bolt Outlet", "bolt-outlet.example");
        long position = steps.observe(manager.token(), bolt, "MC-1", "26.00", observedAt, positions.head());
        priceChanges.awaitCatalog(manager.token(), Math.max(position, positions.head()));

        // the preview waits for the competitor read model to hold the observation
        String change = priceChanges.draft(manager.token(), "Undercut Bolt", RULE, Map.of());
        Api.Response preview = api.post("/api/v1/price-changes/" + change + "/preview", manager.token(), null,
                EventPositions.WAIT_HEADER, Long.toString(position));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(priceChanges.action(manager.token(), change, "submit", null).status()).isEqualTo(200);
        assertThat(priceChanges.action(approver.token(), change, "approve",
                Map.of("previewHash", preview.json().get("previewHash").asText())).status()).isEqualTo(200);
        Instant beforeApply = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(priceChanges.action(manager.token(), change, "apply", null).status()).isEqualTo(202);
        priceChanges.awaitApplied(manager.token(), change);
        priceChanges.view(manager.token(), change, "APPLIED");
        return new Undercut(manager, approver, product, observedAt, beforeApply, change);
    }

    /** A token naming the person it belongs to, issued by the operator. */
    static Api.TenantToken tokenOf(Api api, String tenant, String subject, String... scopes) {
        Api.Response issued = api.post("/admin/v1/tenants/" + tenant + "/tokens", api.adminToken(),
                new LinkedHashMap<>(Map.of("name", "of " + subject, "scopes", List.of(scopes), "subject", subject)));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return new Api.TenantToken(tenant, issued.json().get("id").asText(), issued.json().get("token").asText());
    }
}
