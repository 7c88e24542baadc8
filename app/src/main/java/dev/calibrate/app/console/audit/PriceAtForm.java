package dev.calibrate.app.console.audit;

import dev.calibrate.app.console.FormErrors;

/** "What did this product cost at this instant": a product (its id or SKU), a currency and a time, as typed. */
public record PriceAtForm(String product, String currency, String at) {

    public PriceAtForm {
        product = product == null ? "" : product.strip();
        currency = currency == null ? "" : currency.strip().toUpperCase(java.util.Locale.ROOT);
        at = at == null ? "" : at.strip();
    }

    /** A currency or a time makes it a question; a product alone only fills the form in (a product page's link). */
    boolean asked() {
        return !currency.isEmpty() || !at.isEmpty();
    }

    FormErrors validate() {
        FormErrors errors = new FormErrors();
        if (product.isEmpty()) {
            errors.add("product", "Enter the product's SKU or id.");
        } else if (product.length() > 200) {
            errors.add("product", "At most 200 characters.");
        }
        if (currency.isEmpty()) {
            errors.add("currency", "Enter a currency code such as USD.");
        } else if (!currency.matches("[A-Z]{3}")) {
            errors.add("currency", "A currency is three letters, such as USD.");
        }
        if (at.isEmpty()) {
            errors.add("at", "Enter a date and time such as 2026-11-26T10:00 (UTC).");
        } else if (AuditSearch.instant(at) == null) {
            errors.add("at", "Enter a date and time such as 2026-11-26T10:00 (UTC).");
        }
        return errors;
    }
}
