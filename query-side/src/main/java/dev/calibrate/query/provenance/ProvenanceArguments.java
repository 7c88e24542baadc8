package dev.calibrate.query.provenance;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.money.Money;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A provenance's arguments as REST and GraphQL take them alike: a currency the server knows, an instant. */
public final class ProvenanceArguments {

    private ProvenanceArguments() {
    }

    /** A currency code as given (codes are upper case: "usd" is refused, as price-at does). */
    public static String currency(String field, @Nullable String currency) {
        if (currency == null || currency.isBlank()) {
            throw new InvalidInput(field, "is required, e.g. USD");
        }
        if (!currency.matches("[A-Z]{3}")) {
            throw new InvalidInput(field, "must be a currency code of three capital letters (ISO 4217)");
        }
        Money.minorUnits(currency);
        return currency;
    }

    /**
     * An ISO-8601 instant, any Instant can be (one past every event is the live price, one before them
     * all not yet the product); null (the live price) when absent.
     */
    @Nullable
    public static Instant instant(String field, @Nullable String at) {
        if (at == null || at.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "must be an ISO-8601 instant such as 2026-11-26T10:00:00Z");
        }
    }
}
