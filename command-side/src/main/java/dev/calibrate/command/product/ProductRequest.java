package dev.calibrate.command.product;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.money.InvalidMoney;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON body of a product upsert, after its schema was checked. Money arrives as decimal strings. */
record ProductRequest(String sku, String title, String vendor, String productType, List<String> tags,
                      MoneyJson cost, Boolean active, List<PriceJson> prices,
                      Map<String, Map<String, String>> channelRefs) {

    record MoneyJson(String amount, String currency) {
    }

    record PriceJson(String currency, String amount, String compareAt) {
    }

    static final String SOURCE = "api";

    /** Converts to the command, collecting every invalid money field (unknown currency, too many decimals, negative). */
    UpsertProduct toCommand(TenantId tenantId) {
        List<InvalidInput.Violation> violations = new ArrayList<>();
        Money costMoney = cost == null ? null : money(cost.amount(), cost.currency(), "cost.amount", violations);
        List<ObservedPrice> observed = new ArrayList<>();
        List<PriceJson> given = prices == null ? List.of() : prices;
        for (int i = 0; i < given.size(); i++) {
            PriceJson p = given.get(i);
            String at = "prices[" + i + "]";
            Money price = money(p.amount(), p.currency(), at + ".amount", violations);
            Money compareAt = p.compareAt() == null ? null : money(p.compareAt(), p.currency(), at + ".compareAt", violations);
            if (price != null) {
                observed.add(new ObservedPrice(price, compareAt));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
        String trimmedSku = sku.trim();
        return new UpsertProduct(ProductId.forSku(tenantId, trimmedSku), tenantId, trimmedSku,
                new ProductDetails(title.trim(), vendor, productType, tags, costMoney, channelRefs),
                active, observed, SOURCE);
    }

    private static Money money(String amount, String currency, String field, List<InvalidInput.Violation> violations) {
        try {
            Money money = Money.parse(amount, currency, field);
            if (money.isNegative()) {
                violations.add(new InvalidInput.Violation(field, "must not be negative"));
                return null;
            }
            return money;
        } catch (InvalidMoney e) {
            violations.addAll(e.violations());
            return null;
        }
    }
}
