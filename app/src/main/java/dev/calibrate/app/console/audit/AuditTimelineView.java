package dev.calibrate.app.console.audit;

import dev.calibrate.app.console.catalog.Display;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.query.audit.AuditApi.AuditEntry;
import dev.calibrate.query.audit.AuditApi.AuditEntryPage;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;

/** A page of the audit timeline as the template shows it. */
public record AuditTimelineView(List<Row> rows, int page, long total, long pages, String previousHref,
                                String nextHref) {

    /**
     * One entry; {@code explainHref} (null when the event carries no trace) loads its explain on demand.
     * The hrefs are plain paths, not template links, for the reason {@code ProductListView.Row} gives.
     */
    public record Row(String eventId, long position, String entityType, String entityId, String entityHref,
                      String action, String actor, String at, String explainHref) {
    }

    static AuditTimelineView of(AuditEntryPage page, AuditSearch search) {
        long pages = Math.min(Math.max(1, (page.total() + page.size() - 1) / page.size()),
                Paging.MAX_OFFSET / page.size() + 1);
        return new AuditTimelineView(page.items().stream().map(AuditTimelineView::row).toList(), page.page(),
                page.total(), pages, page.page() > 0 ? search.href(page.page() - 1) : null,
                page.page() + 1 < pages ? search.href(page.page() + 1) : null);
    }

    static AuditTimelineView empty() {
        return new AuditTimelineView(List.of(), 0, 0, 1, null, null);
    }

    private static Row row(AuditEntry entry) {
        String explainHref = entry.explain() == null ? null : UriComponentsBuilder.fromPath("/console/audit/explain")
                .queryParam("entityType", entry.entityType()).queryParam("entityId", entry.entityId())
                .queryParam("eventId", entry.eventId()).queryParam("at", entry.at().toString())
                .encode().build().toUriString();
        return new Row(entry.eventId(), entry.position(), entry.entityType(), entry.entityId(),
                entityHref(entry.entityType(), entry.entityId()), entry.action(), entry.actor(),
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
