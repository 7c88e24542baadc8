package dev.calibrate.app.console.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.console.FormErrors;
import dev.calibrate.app.console.Me;
import dev.calibrate.app.console.catalog.ExplainView;
import dev.calibrate.app.users.UserDirectory;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.audit.AuditApi.AuditEntry;
import dev.calibrate.query.audit.AuditApi.AuditEntryPage;
import dev.calibrate.query.audit.AuditController;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.util.List;

/**
 * {@code /console/audit}: the tenant's audit log through the API's own audit read, filtered by entity,
 * actor and time, with each price's explain trace loaded on demand (an htmx fragment). Needs
 * audit:read, as the API does.
 */
@Controller
@RequestMapping("/console/audit")
class AuditPagesController {

    static final List<String> ENTITY_TYPES = List.of("product", "price-change", "competitor", "channel-connection",
            "tenant", "tenant-policy", "api-token");

    private final AuditController audit;
    private final ObjectMapper mapper;
    private final UserDirectory directory;

    AuditPagesController(AuditController audit, ObjectMapper mapper, UserDirectory directory) {
        this.audit = audit;
        this.mapper = mapper;
        this.directory = directory;
    }

    @GetMapping
    String timeline(@ModelAttribute("me") Me me, AuditSearch search, Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.AUDIT_READ);
        FormErrors errors = search.validate();
        AuditTimelineView timeline = AuditTimelineView.empty();
        if (errors.isEmpty()) {
            try {
                AuditEntryPage found = audit.list(AuditSearch.blankToNull(search.entityType()),
                        AuditSearch.blankToNull(search.entityId()), AuditSearch.blankToNull(search.actor()),
                        AuditSearch.apiInstant(search.from()), AuditSearch.apiInstant(search.to()),
                        AuditSearch.blankToNull(search.after()), AuditSearch.blankToNull(search.before()),
                        search.pageNumber(), AuditSearch.PAGE_SIZE, null, caller);
                timeline = AuditTimelineView.of(found, search, directory.names(caller.tenantId(),
                        found.items().stream().map(AuditEntry::actor).toList()));
            } catch (InvalidInput invalid) {
                errors.add(invalid.field(), capitalized(invalid.reason()));
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
        }
        model.addAttribute("search", search);
        model.addAttribute("errors", errors);
        model.addAttribute("timeline", timeline);
        model.addAttribute("entityTypes", ENTITY_TYPES);
        return "console/audit/timeline";
    }

    /**
     * One entry's explain trace: the entry is read again through the audit list, narrowed to its entity
     * and the millisecond it was recorded in, so only the caller's own entries can be found.
     */
    @GetMapping("/explain")
    String explain(@ModelAttribute("me") Me me, @RequestParam(defaultValue = "") String entityType,
                   @RequestParam(defaultValue = "") String entityId, @RequestParam(defaultValue = "") String eventId,
                   @RequestParam(defaultValue = "") String at, Model model, HttpServletResponse response) {
        Caller caller = me.require(Scope.AUDIT_READ);
        Instant instant = at.isBlank() ? null : AuditSearch.instant(at.strip());
        ExplainView explain = null;
        if (instant != null && !entityType.isBlank() && !entityId.isBlank()) {
            explain = audit.list(entityType, entityId, null, instant.toString(), instant.plusMillis(1).toString(),
                            null, null, null, 50, null, caller).items().stream()
                    .filter(entry -> entry.eventId().equals(eventId)).findFirst()
                    .map(AuditEntry::explain).map(node -> ExplainView.of(node, mapper)).orElse(null);
        }
        if (explain == null) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
        }
        model.addAttribute("explain", explain);
        return "console/audit/explain :: explain";
    }

    static String capitalized(String reason) {
        String text = reason == null || reason.isBlank() ? "is not valid" : reason.strip();
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + (text.endsWith(".") ? "" : ".");
    }
}
