package dev.calibrate.command.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantMessages.SetTenantPolicy;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.schemas.SchemaRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Replaces the tenant's pricing policy (guardrails and self-approval). Reading it is a query-side endpoint. */
@RestController
@RequestMapping(path = "/api/v1/policy", produces = MediaType.APPLICATION_JSON_VALUE)
public class PolicyController {

    static final String SCHEMA = "TenantPolicy";

    private final CommandGateway commands;
    private final SchemaRegistry schemas;
    private final EventPositions positions;

    public PolicyController(CommandGateway commands, SchemaRegistry schemas, EventPositions positions) {
        this.commands = commands;
        this.schemas = schemas;
        this.positions = positions;
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.ADMIN)
    public ResponseEntity<Map<String, Object>> replace(@RequestBody JsonNode body, Caller caller) {
        schemas.validate(SCHEMA, body);
        TenantPolicy policy = new TenantPolicy(percent(body, "maxDecreasePercent"), percent(body, "maxIncreasePercent"),
                amounts(body, "floors"), amounts(body, "ceilings"), percent(body, "minMarginPercent"),
                body.path("enforceMap").asBoolean(false), body.path("selfApprovalAllowed").asBoolean(false));
        commands.sendAndWait(new SetTenantPolicy(caller.tenantId(), policy));
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head())).body(describe(policy));
    }

    /** The shape of the request (and of GET /api/v1/policy): percents and amounts as decimal strings. */
    private static Map<String, Object> describe(TenantPolicy policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        putPercent(body, "maxDecreasePercent", policy.maxDecreasePercent());
        putPercent(body, "maxIncreasePercent", policy.maxIncreasePercent());
        putPercent(body, "minMarginPercent", policy.minMarginPercent());
        body.put("floors", amounts(policy.floors()));
        body.put("ceilings", amounts(policy.ceilings()));
        body.put("enforceMap", policy.enforceMap());
        body.put("selfApprovalAllowed", policy.selfApprovalAllowed());
        return body;
    }

    private static void putPercent(Map<String, Object> body, String field, BigDecimal percent) {
        if (percent != null) {
            body.put(field, percent.toPlainString());
        }
    }

    private static Map<String, String> amounts(Map<String, Money> amounts) {
        Map<String, String> plain = new TreeMap<>();
        amounts.forEach((currency, money) -> plain.put(currency, money.amount().toPlainString()));
        return plain;
    }

    private static BigDecimal percent(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : new BigDecimal(value.asText());
    }

    private static Map<String, Money> amounts(JsonNode body, String field) {
        Map<String, Money> amounts = new TreeMap<>();
        body.path(field).fields().forEachRemaining(entry -> {
            String path = field + "." + entry.getKey();
            try {
                amounts.put(entry.getKey(), Money.parse(entry.getValue().asText(), entry.getKey(), path));
            } catch (InvalidInput e) {
                throw new InvalidInput(path, e.reason());
            }
        });
        return amounts;
    }
}
