package dev.calibrate.app.console.audit;

import dev.calibrate.app.console.catalog.Display;
import dev.calibrate.app.users.ActorNames;
import dev.calibrate.app.users.ActorNames.ActorName;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.query.audit.AuditApi.AuditEntry;
import dev.calibrate.query.audit.AuditApi.AuditEntryPage;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;

/** A page of the audit timeline as the template shows it. */
public record AuditTimelineView(List<Row> rows, int page, long total, long pages, String previousHref,
                                String nextHref) {

    /**
     * One entry; {@code actor} by name, {@code actorHref} the timeline filtered by that actor; {@code explainHref} (null when the event carries no trace) loads its explain on demand.
     * The hrefs are plain paths, not template links, for the reason {@code ProductListView.Row} gives.
     */
    public record Row(String eventId, long position, String entityType, String entityId, String entityHref,
                      String action, ActorName actor, String actorHref, String at, String explainHref) {
    }

    /** {@code names}: the page's actors, read once for the page. */
    static AuditTimelineView of(AuditEntryPage page, AuditSearch search, ActorNames names) {
        long pages = Math.min(Math.max(1, (page.total() + page.size() - 1) / page.size()),
                Paging.MAX_OFFSET / page.size() + 1);
        return new AuditTimelineView(page.items().stream().map(entry -> row(entry, names)).toList(), page.page(),
                page.total(), pages, page.page() > 0 ? search.href(page.page() - 1) : null,
                page.page() + 1 < pages ? search.href(page.page() + 1) : null);
    }

    static AuditTimelineView empty() {
        return new AuditTimelineView(List.of(), 0, 0, 1, null, null);
    }

    private static Row row(AuditEntry entry, ActorNames names) {
        String explainHref = entry.explain() == null ? null : UriComponentsBuilder.fromPath("/console/audit/explain")
                .queryParam("entityType", entry.entityType()).queryParam("entityId", entry.entityId())
                .queryParam("eventId", entry.eventId()).queryParam("at", entry.at().toString())
                .encode().build().toUriString();
        return new Row(entry.eventId(), entry.position(), entry.entityType(), entry.entityId(),
                entityHref(entry.entityType(), entry.entityId()), entry.action(), names.of(entry.actor()),
                UriComponentsBuilder.fromPath("/console/audit").queryParam("actor", entry.actor()).encode().build()
                        .toUriString(),
                Display.at(entry.at()), explainHref);
    }

    /** Where the console shows the entity, when it has a screen for it. */
    private static String entityHref(String type, String id) {
        if (id == null || !id.matches("[0-9a-fA-F-]{36}")) {
            return null;
        }
        return switch (type) {
            case "product" -> "/console/products/" + id;
            case "price-change" -> "/console/price-changes/" + id;
            default -> null;
        };
    }
}
