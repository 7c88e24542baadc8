package dev.calibrate.kernel.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An amount in an ISO-4217 currency, always at the currency's minor-unit scale
 * ({@code 21.60} USD, {@code 1200} JPY, {@code 1.250} BHD). Never a double.
 * Travels in JSON as {@code {"amount":"21.60","currency":"USD"}}.
 */
public record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency)
        implements Comparable<Money> {

    /**
     * Every amount Calibrate takes in is below this (at most 15 digits before the point), so that any
     * of them, and any price a rule computes that is refused at or above it, fits every column that
     * stores money ({@code NUMERIC(20, 4)} and wider).
     */
    public static final BigDecimal LIMIT = BigDecimal.TEN.pow(15);
    public static final String LIMIT_TEXT = "15 digits before the decimal point";
    /**
     * The minor units of each valid code once looked up: every Money made checks its currency, and the
     * pattern and lookup were a large part of making a catalog's worth of them. Only ISO codes get in.
     */
    private static final Map<String, Integer> MINOR_UNITS = new ConcurrentHashMap<>();

    @JsonCreator
    public Money(@JsonProperty("amount") BigDecimal amount, @JsonProperty("currency") String currency) {
        Objects.requireNonNull(amount, "amount");
        int scale = minorUnits(currency);
        if (amount.stripTrailingZeros().scale() > scale) {
            throw new InvalidMoney("amount", "has more than " + scale + " decimals for " + currency);
        }
        this.amount = amount.setScale(scale, RoundingMode.UNNECESSARY);
        this.currency = currency;
    }

    /**
     * Parses a decimal string such as {@code "21.60"}; {@code field} names the input in error messages.
     */
    public static Money parse(String amount, String currency, String field) {
        if (amount == null || !amount.matches("-?\\d{1,15}(\\.\\d{1,6})?")) {
            throw new InvalidMoney(field, "must be a decimal string such as \"21.60\", got " + quote(amount));
        }
        try {
            minorUnits(currency);
        } catch (InvalidMoney e) {
            throw new InvalidMoney(field.replaceAll("amount$|compareAt$", "currency"), e.reason());
        }
        try {
            return new Money(new BigDecimal(amount), currency);
        } catch (InvalidMoney e) {
            throw new InvalidMoney(field, e.reason());
        }
    }

    /** The currency's number of minor units: 2 for USD, 0 for JPY, 3 for BHD. */
    public static int minorUnits(String currencyCode) {
        Integer known = currencyCode == null ? null : MINOR_UNITS.get(currencyCode);
        if (known != null) {
            return known;
        }
        if (currencyCode == null || !currencyCode.matches("[A-Z]{3}")) {
            throw new InvalidMoney("currency", "must be an ISO-4217 code such as \"USD\", got " + quote(currencyCode));
        }
        try {
            int digits = Currency.getInstance(currencyCode).getDefaultFractionDigits();
            if (digits < 0) {
                throw new InvalidMoney("currency", currencyCode + " is not a currency prices can be set in");
            }
            MINOR_UNITS.put(currencyCode, digits);
            return digits;
        } catch (IllegalArgumentException e) {
            throw new InvalidMoney("currency", "unknown ISO-4217 currency " + quote(currencyCode));
        }
    }

    @JsonIgnore
    public boolean isNegative() {
        return amount.signum() < 0;
    }

    @Override
    public int compareTo(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot compare " + currency + " with " + other.currency);
        }
        return amount.compareTo(other.amount);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "\"" + s + "\"";
    }
}
