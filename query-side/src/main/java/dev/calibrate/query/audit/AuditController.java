package dev.calibrate.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.audit.AuditApi.AuditEntry;
import dev.calibrate.query.audit.AuditApi.AuditEntryPage;
import dev.calibrate.query.consistency.ReadModelProgress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.eventhandling.DomainEventMessage;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tenant's audit log, newest first, filtered by entity, actor and time. Row-level security scopes it. */
@RestController
@Tag(name = "Audit")
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
public class AuditController {

    private static final String PRICE_SET = ProductPriceChanged.class.getSimpleName();

    private final TenantScope tenantScope;
    private final ReadModelProgress progress;
    private final NamedParameterJdbcTemplate sql;
    private final ObjectMapper mapper;
    private final TenantEventStore events;

    public AuditController(TenantScope tenantScope, ReadModelProgress progress, NamedParameterJdbcTemplate sql,
                           ObjectMapper mapper, TenantEventStore events) {
        this.tenantScope = tenantScope;
        this.progress = progress;
        this.sql = sql;
        this.mapper = mapper;
        this.events = events;
    }

    @GetMapping
    @RequiresScope(Scope.AUDIT_READ)
    @Operation(operationId = "listAuditEntries", summary = "The tenant's audit log, newest first",
            description = "One entry per domain event, filtered by entity, actor and time.")
    @ErrorResponses({503})
    public AuditEntryPage list(@Parameter(description = "e.g. product, price-change, tenant.")
                               @RequestParam(required = false) String entityType,
                               @RequestParam(required = false) String entityId,
                               @RequestParam(required = false) String actor,
                               @Parameter(description = "At or after this ISO-8601 instant, e.g. "
                                       + "2026-01-01T00:00:00Z.")
                               @RequestParam(required = false) String from,
                               @Parameter(description = "Before this ISO-8601 instant.")
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
        AuditEntryPage stored = tenantScope.read(caller.tenantId(), () -> {
            Long total = sql.queryForObject("SELECT count(*) FROM audit_entry" + where, params, Long.class);
            List<AuditEntry> items = sql.query("SELECT * FROM audit_entry" + where
                    + " ORDER BY global_index DESC LIMIT :limit OFFSET :offset", params, (rs, i) -> {
                String explain = rs.getString("explain");
                return new AuditEntry(rs.getString("event_id"), rs.getLong("global_index"),
                        rs.getObject("tenant_id", UUID.class), rs.getString("entity_type"), rs.getString("entity_id"),
                        rs.getString("action"), rs.getString("actor"), rs.getString("correlation_id"),
                        rs.getString("request_id"), explain == null ? null : readTree(explain),
                        rs.getTimestamp("at").toInstant());
            });
            return new AuditEntryPage(items, paging.page(), paging.size(), total == null ? 0 : total);
        });
        return new AuditEntryPage(withExplain(caller.tenantId(), stored.items()), stored.page(), stored.size(),
                stored.total());
    }

    /**
     * A price a price change set is explained by its event, which the audit row only names: the page's
     * events are read in one query. Rows written before kept a copy of the trace, answered as stored.
     */
    private List<AuditEntry> withExplain(TenantId tenantId, List<AuditEntry> items) {
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

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }
}
