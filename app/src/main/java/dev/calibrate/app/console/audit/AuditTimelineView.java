package dev.calibrate.app.console.audit;

import dev.calibrate.app.console.catalog.Display;
import dev.calibrate.app.users.ActorNames;
import dev.calibrate.app.users.ActorNames.ActorName;
import dev.calibrate.query.audit.AuditApi.AuditEntry;
import dev.calibrate.query.audit.AuditApi.AuditEntryPage;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;
import java.util.Locale;

/**
 * A page of the audit timeline as the template shows it: {@code total} is exact when
 * {@code totalExact}, otherwise more entries match than it says.
 */
public record AuditTimelineView(List<Row> rows, long total, boolean totalExact, String previousHref,
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
        return new AuditTimelineView(page.items().stream().map(entry -> row(entry, names)).toList(), page.total(),
                page.totalExact(), search.href("before", page.previous()), search.href("after", page.next()));
    }

    static AuditTimelineView empty() {
        return new AuditTimelineView(List.of(), 0, true, null, null);
    }

    /** "1 entry", "3 entries", "more than 10,000 entries". */
    public String count() {
        String number = String.format(Locale.ROOT, "%,d", total);
        if (!totalExact) {
            return "more than " + number + " entries";
        }
        return total == 1 ? "1 entry" : number + " entries";
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
