package dev.calibrate.command.pricing;

import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Prices at the currency's minor units, never below one minor unit; increment and charm rounding. */
public final class Rounding {

    private Rounding() {
    }

    public static int scale(String currency) {
        return Money.minorUnits(currency);
    }

    /** 0.01 for USD, 1 for JPY, 0.001 for BHD. */
    public static BigDecimal minorUnit(String currency) {
        return minorUnit(scale(currency));
    }

    public static BigDecimal minorUnit(int scale) {
        return BigDecimal.ONE.movePointLeft(scale).setScale(scale, RoundingMode.UNNECESSARY);
    }

    /** Half-even to the currency's minor units, then at least one minor unit. */
    public static BigDecimal toMinorUnits(BigDecimal amount, String currency) {
        return atLeastOneMinorUnit(amount.setScale(scale(currency), RoundingMode.HALF_EVEN), currency);
    }

    public static BigDecimal atLeastOneMinorUnit(BigDecimal amount, String currency) {
        BigDecimal min = minorUnit(currency);
        return amount.compareTo(min) < 0 ? min : amount;
    }

    /**
     * The multiple of {@code increment} nearest to (ties up), above or below {@code price}; the
     * increment itself when that multiple would be zero.
     */
    public static BigDecimal toIncrement(BigDecimal price, BigDecimal increment, Step.RoundMode mode, String currency) {
        return toIncrement(price, increment, mode, scale(currency));
    }

    public static BigDecimal toIncrement(BigDecimal price, BigDecimal increment, Step.RoundMode mode, int scale) {
        RoundingMode rounding = switch (mode) {
            case NEAREST -> RoundingMode.HALF_UP;
            case UP -> RoundingMode.CEILING;
            case DOWN -> RoundingMode.FLOOR;
            case CHARM -> throw new IllegalArgumentException("charm rounds to an ending, not an increment");
        };
        BigDecimal multiples = price.divide(increment, 0, rounding);
        BigDecimal result = multiples.multiply(increment);
        if (result.signum() <= 0) {
            result = increment;
        }
        return result.setScale(scale, RoundingMode.UNNECESSARY);
    }

    /**
     * The price nearest to {@code price} that ends in {@code ending}; ties go down, and a candidate
     * below one minor unit is never chosen. An ending with n integer digits repeats every 10^n
     * ({@code 9.00}: 9, 19, 29 …); one without (written {@code 0.99}) repeats every unit.
     */
    public static BigDecimal charm(BigDecimal price, BigDecimal ending, String currency) {
        return charm(price, ending, scale(currency), period(ending), minorUnit(currency));
    }

    /** {@link #charm(BigDecimal, BigDecimal, String)} with what depends only on the rule worked out once. */
    public static BigDecimal charm(BigDecimal price, BigDecimal ending, int scale, BigDecimal modulus, BigDecimal minorUnit) {
        BigDecimal steps = price.subtract(ending).divide(modulus, 0, RoundingMode.FLOOR);
        BigDecimal lower = steps.multiply(modulus).add(ending);
        BigDecimal upper = lower.add(modulus);
        BigDecimal result;
        if (lower.compareTo(minorUnit) < 0) {
            result = upper;
        } else {
            result = upper.subtract(price).compareTo(price.subtract(lower)) < 0 ? upper : lower;
        }
        return result.setScale(scale, RoundingMode.UNNECESSARY);
    }

    public static BigDecimal period(BigDecimal ending) {
        BigDecimal integerPart = ending.setScale(0, RoundingMode.DOWN);
        int digits = integerPart.signum() == 0 ? 0 : integerPart.precision();
        return BigDecimal.ONE.movePointRight(digits);
    }
}
