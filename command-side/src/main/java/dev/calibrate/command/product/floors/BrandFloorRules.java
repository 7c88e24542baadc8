package dev.calibrate.command.product.floors;

import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.money.InvalidMoney;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Brand floors as the API and the CSV import take them, checked the same way: amounts positive decimal
 * strings at most the currency's decimals (as prices), a known currency, a PMAP with its whole window,
 * {@code from} before {@code until}, and at least one floor. Every problem is a {@link Violation}.
 */
final class BrandFloorRules {

    private BrandFloorRules() {
    }

    /** The currency itself, or a violation: three capital letters of an ISO-4217 currency. */
    static String currency(String currency, String field, List<Violation> violations) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            violations.add(new Violation(field, "must be an ISO-4217 currency code such as USD"));
            return null;
        }
        try {
            Money.minorUnits(currency);
            return currency;
        } catch (InvalidMoney e) {
            violations.add(new Violation(field, "is not a known currency"));
            return null;
        }
    }

    /**
     * The floors, or null with the violations added. {@code prefix} goes before each field's name
     * ("" for a body, "line 3: " for a CSV row).
     */
    static BrandFloors floors(String currency, String map, String pmap, String pmapFrom, String pmapUntil, String lrp,
                              String prefix, List<Violation> violations) {
        int before = violations.size();
        Money mapMoney = amount(map, currency, prefix + "map", violations);
        Money pmapMoney = amount(pmap, currency, prefix + "pmap.amount", violations);
        Money lrpMoney = amount(lrp, currency, prefix + "lrp", violations);
        Instant from = null;
        Instant until = null;
        if (blank(pmap) && (!blank(pmapFrom) || !blank(pmapUntil))) {
            violations.add(new Violation(prefix + "pmap.amount", "is required with a PMAP window"));
        }
        if (!blank(pmap)) {
            from = instant(pmapFrom, prefix + "pmap.from", violations);
            until = instant(pmapUntil, prefix + "pmap.until", violations);
            if (from != null && until != null && !from.isBefore(until)) {
                violations.add(new Violation(prefix + "pmap.until", "must be after pmap.from"));
            }
        }
        if (blank(map) && blank(pmap) && blank(lrp)) {
            violations.add(new Violation(prefix.isEmpty() ? "(body)" : prefix + "map",
                    "at least one of map, pmap and lrp is required (clear the floors with DELETE instead)"));
        }
        if (violations.size() > before || currency == null) {
            return null;
        }
        return new BrandFloors(mapMoney, pmapMoney, from, until, lrpMoney);
    }

    private static Money amount(String amount, String currency, String field, List<Violation> violations) {
        if (blank(amount) || currency == null) {
            return null;
        }
        try {
            Money money = Money.parse(amount.trim(), currency, field);
            if (money.amount().signum() <= 0) {
                violations.add(new Violation(field, "must be positive"));
                return null;
            }
            return money;
        } catch (InvalidMoney e) {
            violations.add(new Violation(field, e.reason()));
            return null;
        }
    }

    private static Instant instant(String text, String field, List<Violation> violations) {
        if (blank(text)) {
            violations.add(new Violation(field, "is required with a PMAP"));
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z"));
            return null;
        }
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
