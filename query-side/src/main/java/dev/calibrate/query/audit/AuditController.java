package dev.calibrate.query.audit;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.query.consistency.ReadModelProgress;
import dev.calibrate.query.consistency.TenantReads;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tenant's audit log, newest first, filtered by entity, actor and time. Row-level security scopes it. */
@RestController
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
public class AuditController {

    private final TenantReads reads;
    private final ReadModelProgress progress;
    private final NamedParameterJdbcTemplate sql;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    public AuditController(TenantReads reads, ReadModelProgress progress, NamedParameterJdbcTemplate sql,
                           com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.reads = reads;
        this.progress = progress;
        this.sql = sql;
        this.mapper = mapper;
    }

    @GetMapping
    @RequiresScope(Scope.AUDIT_READ)
    public Map<String, Object> list(@RequestParam(required = false) String entityType,
                                    @RequestParam(required = false) String entityId,
                                    @RequestParam(required = false) String actor,
                                    @RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "50") int size,
                                    @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                                    Caller caller) {
        Paging paging = Paging.of(page, size);
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (entityType != null) {
            where.append(" AND entity_type = :entityType");
            params.addValue("entityType", entityType);
        }
        if (entityId != null) {
            where.append(" AND entity_id = :entityId");
            params.addValue("entityId", entityId);
        }
        if (actor != null) {
            where.append(" AND actor = :actor");
            params.addValue("actor", actor);
        }
        if (from != null) {
            where.append(" AND at >= :from");
            params.addValue("from", Timestamp.from(instant("from", from)));
        }
        if (to != null) {
            where.append(" AND at < :to");
            params.addValue("to", Timestamp.from(instant("to", to)));
        }
        progress.awaitPosition(AuditProjection.NAME, waitFor);
        params.addValue("limit", paging.size()).addValue("offset", paging.offset());
        return reads.read(caller.tenantId(), () -> {
            Long total = sql.queryForObject("SELECT count(*) FROM audit_entry" + where, params, Long.class);
            List<Map<String, Object>> items = sql.query("SELECT * FROM audit_entry" + where
                    + " ORDER BY global_index DESC LIMIT :limit OFFSET :offset", params, (rs, i) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("eventId", rs.getString("event_id"));
                item.put("position", rs.getLong("global_index"));
                item.put("tenantId", rs.getString("tenant_id"));
                item.put("entityType", rs.getString("entity_type"));
                item.put("entityId", rs.getString("entity_id"));
                item.put("action", rs.getString("action"));
                item.put("actor", rs.getString("actor"));
                item.put("correlationId", rs.getString("correlation_id"));
                item.put("requestId", rs.getString("request_id"));
                String explain = rs.getString("explain");
                item.put("explain", explain == null ? null : readTree(explain));
                item.put("at", rs.getTimestamp("at").toInstant());
                return item;
            });
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("items", items);
            result.put("page", paging.page());
            result.put("size", paging.size());
            result.put("total", total);
            return result;
        });
    }

    private Object readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("audit explain is not JSON", e);
        }
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }
}
