package dev.calibrate.command.product;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What makes an upsert acceptable, independent of the product's current state. The aggregate
 * enforces it; the batch endpoint checks it up front so that a whole chunk of valid items can be
 * written in one transaction.
 */
public final class ProductRules {

    private ProductRules() {
    }

    public static void validate(UpsertProduct cmd) {
        List<InvalidInput.Violation> violations = new ArrayList<>();
        if (cmd.sku() == null || cmd.sku().isBlank()) {
            violations.add(new InvalidInput.Violation("sku", "must not be blank"));
        } else if (!cmd.productId().equals(ProductId.forSku(cmd.tenantId(), cmd.sku()))) {
            violations.add(new InvalidInput.Violation("sku", "does not belong to product " + cmd.productId()));
        }
        if (cmd.details().title() == null || cmd.details().title().isBlank()) {
            violations.add(new InvalidInput.Violation("title", "must not be blank"));
        }
        if (cmd.details().cost() != null && cmd.details().cost().isNegative()) {
            violations.add(new InvalidInput.Violation("cost.amount", "must not be negative"));
        }
        Set<String> currencies = new HashSet<>();
        for (int i = 0; i < cmd.prices().size(); i++) {
            ObservedPrice p = cmd.prices().get(i);
            String at = "prices[" + i + "]";
            if (!currencies.add(p.price().currency())) {
                violations.add(new InvalidInput.Violation(at + ".currency", p.price().currency() + " is listed twice"));
            }
            if (p.price().isNegative()) {
                violations.add(new InvalidInput.Violation(at + ".amount", "must not be negative"));
            }
            if (p.compareAt() != null && p.compareAt().isNegative()) {
                violations.add(new InvalidInput.Violation(at + ".compareAt", "must not be negative"));
            }
            if (p.compareAt() != null && !p.compareAt().currency().equals(p.price().currency())) {
                violations.add(new InvalidInput.Violation(at + ".compareAt", "must be in the price's currency"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
    }
}
