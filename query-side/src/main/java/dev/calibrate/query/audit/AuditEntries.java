package dev.calibrate.query.audit;

import dev.calibrate.kernel.message.EventTable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.audit.AuditApi.AuditEntry;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Audit entries as REST's audit log and GraphQL's {@code auditEntries} read them: rows of {@code audit_entry} in
 * the caller's tenant scope (row-level security), and the explain of a price a price change set, which the row
 * only names, from its event.
 */
@Component
public class AuditEntries {

    private static final String PRICE_SET = ProductPriceChanged.class.getSimpleName();

    private final NamedParameterJdbcTemplate sql;
    private final ObjectMapper mapper;
    private final TenantEventStore events;
    private final EventTable eventTable;

    AuditEntries(NamedParameterJdbcTemplate sql, ObjectMapper mapper, TenantEventStore events, EventTable eventTable) {
        this.sql = sql;
        this.mapper = mapper;
        this.events = events;
        this.eventTable = eventTable;
    }

    /**
     * REST's audit filters ({@code GET /api/v1/audit}), each null when not given: the entity's type and id, the
     * actor, and the time the entry was written, at or after {@code from} and before {@code to}.
     */
    public record Filter(String entityType, String entityId, String actor, Instant from, Instant to) {

        public static final Filter NONE = new Filter(null, null, null, null, null);
    }

    /**
     * Up to {@code limit} entries newest first (by their event's global position) that {@code filter} selects,
     * older than {@code olderThan} and newer than {@code newerThan} when given: the first ones of that range, or
     * with {@code fromEnd} the last ones (still answered newest first). A keyset over the (tenant, position)
     * index, or the (tenant, entity id, position) and (tenant, entity type, position) ones, so walking the log
     * reads each entry once and an entry written meanwhile neither repeats nor hides another. Explains not filled
     * in.
     */
    public List<AuditEntry> window(Filter filter, Long olderThan, Long newerThan, int limit, boolean fromEnd) {
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource params = new MapSqlParameterSource("limit", limit);
        if (filter.entityType() != null) {
            where.append(" AND entity_type = :entityType");
            params.addValue("entityType", filter.entityType());
        }
        if (filter.entityId() != null) {
            where.append(" AND entity_id = :entityId");
            params.addValue("entityId", filter.entityId());
        }
        if (filter.actor() != null) {
            where.append(" AND actor = :actor");
            params.addValue("actor", filter.actor());
        }
        if (filter.from() != null) {
            where.append(" AND at >= :from");
            params.addValue("from", filter.from().atOffset(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            where.append(" AND at < :to");
            params.addValue("to", filter.to().atOffset(ZoneOffset.UTC));
        }
        if (olderThan != null) {
            where.append(" AND global_index < :olderThan");
            params.addValue("olderThan", olderThan);
        }
        if (newerThan != null) {
            where.append(" AND global_index > :newerThan");
            params.addValue("newerThan", newerThan);
        }
        List<AuditEntry> found = new ArrayList<>(rows(where + " ORDER BY global_index" + (fromEnd ? "" : " DESC")
                + " LIMIT :limit", params));
        if (fromEnd) {
            Collections.reverse(found);
        }
        return found;
    }

    /** The rows {@code where} (and its order and limit) selects; explains not filled in. */
    List<AuditEntry> rows(String where, MapSqlParameterSource params) {
        return sql.query("SELECT * FROM audit_entry" + where, params, (rs, i) -> {
            String explain = rs.getString("explain");
            return new AuditEntry(rs.getString("event_id"), rs.getLong("global_index"),
                    rs.getObject("tenant_id", UUID.class), rs.getString("entity_type"), rs.getString("entity_id"),
                    rs.getString("action"), rs.getString("actor"), rs.getString("correlation_id"),
                    rs.getString("request_id"), explain == null ? null : readTree(explain),
                    rs.getTimestamp("at").toInstant());
        });
    }

    /**
     * A price a price change set is explained by its event, which the audit row only names: the page's
     * events are read in one query. Rows written before kept a copy of the trace, answered as stored, as do
     * rows written where the events are not in PostgreSQL's event table (the axonserver profile): there the
     * projection keeps the copy.
     */
    public List<AuditEntry> withExplain(TenantId tenantId, List<AuditEntry> items) {
        if (!eventTable.holdsEvents()) {
            return items;
        }
        List<String> referenced = items.stream()
                .filter(entry -> entry.explain() == null && PRICE_SET.equals(entry.action()))
                .map(AuditEntry::eventId).toList();
        Map<String, DomainEventMessage<?>> read = events.events(tenantId, referenced);
        return items.stream().map(entry -> read.containsKey(entry.eventId())
                && read.get(entry.eventId()).getPayload() instanceof ProductPriceChanged changed
                && changed.explain() != null
                ? new AuditEntry(entry.eventId(), entry.position(), entry.tenantId(), entry.entityType(),
                entry.entityId(), entry.action(), entry.actor(), entry.correlationId(), entry.requestId(),
                mapper.valueToTree(changed.explain()), entry.at())
                : entry).toList();
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit explain is not JSON", e);
        }
    }
}
