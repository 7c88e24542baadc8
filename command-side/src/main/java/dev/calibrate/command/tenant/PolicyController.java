package dev.calibrate.command.tenant;

import dev.calibrate.command.tenant.PolicyApi.ApprovalThresholdsInForce;
import dev.calibrate.command.tenant.PolicyApi.PriorPriceRuleInForce;
import dev.calibrate.command.tenant.PolicyApi.TenantPolicyInForce;
import dev.calibrate.kernel.tenant.ApprovalThresholds;
import dev.calibrate.kernel.tenant.ApprovalThresholds.RequiredApproval;
import dev.calibrate.kernel.tenant.PriorPriceRule;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantMessages.SetTenantPolicy;
import dev.calibrate.kernel.tenant.TenantPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Replaces the tenant's pricing policy (guardrails and self-approval). Reading it is a query-side endpoint. */
@RestController
@RequestMapping(path = "/api/v1/policy", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Tenant policy", description = "The guardrails every price change is held to, and who may approve.")
public class PolicyController {

    private final CommandGateway commands;
    private final EventPositions positions;

    public PolicyController(CommandGateway commands, EventPositions positions) {
        this.commands = commands;
        this.positions = positions;
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.ADMIN)
    @Operation(operationId = "replaceTenantPolicy", summary = "Replace the tenant's pricing policy",
            description = "Guardrails left out (or null) are off. The prior-price rule left out (or null) stays "
                    + "as it is: only an explicit `priorPriceRule` (such as `{\"enabled\": false}`) changes it; "
                    + "`approvalThresholds` likewise (`{}` sets none).")
    public ResponseEntity<TenantPolicyInForce> replace(@RequestBody PolicyApi.TenantPolicy body, Caller caller) {
        TenantPolicy policy = new TenantPolicy(percent(body.maxDecreasePercent()), percent(body.maxIncreasePercent()),
                amounts(body.floors(), "floors"), amounts(body.ceilings(), "ceilings"),
                percent(body.minMarginPercent()), Boolean.TRUE.equals(body.enforceMap()),
                Boolean.TRUE.equals(body.selfApprovalAllowed()), priorPriceRule(body.priorPriceRule()),
                approvalThresholds(body.approvalThresholds()));
        TenantPolicy inForce = commands.sendAndWait(new SetTenantPolicy(caller.tenantId(), policy,
                body.priorPriceRule() == null, body.approvalThresholds() == null));
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(inForce(inForce));
    }

    private static TenantPolicyInForce inForce(TenantPolicy policy) {
        return new TenantPolicyInForce(plain(policy.maxDecreasePercent()), plain(policy.maxIncreasePercent()),
                plain(policy.minMarginPercent()), plain(policy.floors()), plain(policy.ceilings()),
                policy.enforceMap(), policy.selfApprovalAllowed(), PriorPriceRuleInForce.of(policy.priorPriceRule()),
                new ApprovalThresholdsInForce(plain(policy.approvalThresholds().maxDecreasePercent()),
                        plain(policy.approvalThresholds().maxRevenueImpact()),
                        policy.approvalThresholds().requires().wireName()));
    }

    private static ApprovalThresholds approvalThresholds(PolicyApi.ApprovalThresholds given) {
        if (given == null) {
            return ApprovalThresholds.NONE;
        }
        return new ApprovalThresholds(percent(given.maxDecreasePercent()),
                amounts(given.maxRevenueImpact(), "approvalThresholds.maxRevenueImpact"),
                given.requires() == null ? RequiredApproval.ADMIN_OR_TWO_APPROVERS
                        : RequiredApproval.fromWireName(given.requires()));
    }

    private static PriorPriceRule priorPriceRule(PolicyApi.PriorPriceRule given) {
        if (given == null) {
            return PriorPriceRule.DISABLED;
        }
        return new PriorPriceRule(Boolean.TRUE.equals(given.enabled()),
                given.windowDays() == null ? PriorPriceRule.DEFAULT_WINDOW_DAYS : given.windowDays(),
                given.currencies() == null ? Set.of() : Set.copyOf(given.currencies()),
                !Boolean.FALSE.equals(given.progressive()));
    }

    private static String plain(BigDecimal percent) {
        return percent == null ? null : percent.toPlainString();
    }

    private static Map<String, String> plain(Map<String, Money> amounts) {
        Map<String, String> plain = new TreeMap<>();
        amounts.forEach((currency, money) -> plain.put(currency, money.amount().toPlainString()));
        return plain;
    }

    private static BigDecimal percent(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    /** The schema checked the form of each amount; the currency's decimals are checked here. */
    private static Map<String, Money> amounts(Map<String, String> given, String field) {
        Map<String, Money> amounts = new TreeMap<>();
        if (given == null) {
            return amounts;
        }
        given.forEach((currency, amount) -> {
            String path = field + "." + currency;
            try {
                amounts.put(currency, Money.parse(amount, currency, path));
            } catch (InvalidInput e) {
                throw new InvalidInput(path, e.reason());
            }
        });
        return amounts;
    }
}
