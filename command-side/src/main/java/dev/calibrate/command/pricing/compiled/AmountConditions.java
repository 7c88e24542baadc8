package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.pricing.Selector.Condition;
import dev.calibrate.command.pricing.Selector.Op;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A selector condition on an amount ({@code price}, {@code compareAtPrice}, {@code cost},
 * {@code competitorPrice}) compiled to compare unscaled {@code long}s at the rule currency's scale,
 * as the catalog's columns hold them, with the operand worked out once; exactly as the engine
 * compares the decimals.
 */
final class AmountConditions {

    /** An amount unscaled at the rule currency's scale, or {@link ItemView#ABSENT}. */
    interface Amount {
        long of(ItemView item);
    }

    private AmountConditions() {
    }

    /**
     * Compares unscaled amounts at {@code scale} with the operand worked out once: a real amount is
     * above the operand exactly when its unscaled value is above the operand's floor at that scale,
     * at or above it when at or above its ceiling; equal only to an operand with no more decimals.
     */
    static CompiledSelector.Predicate of(Condition c, Amount field, int scale) {
        if (c.op() == Op.EXISTS) {
            boolean exists = Boolean.parseBoolean(c.value());
            return item -> (field.of(item) != ItemView.ABSENT) == exists;
        }
        if (c.op() == Op.BETWEEN) {
            long low = unscaled(new BigDecimal(c.values().get(0)), scale, RoundingMode.CEILING);
            long high = unscaled(new BigDecimal(c.values().get(1)), scale, RoundingMode.FLOOR);
            return item -> {
                long a = field.of(item);
                return a != ItemView.ABSENT && a >= low && a <= high;
            };
        }
        return switch (c.op()) {
            case EQ, NEQ -> {
                BigDecimal value = new BigDecimal(c.value());
                long floor = unscaled(value, scale, RoundingMode.FLOOR);
                boolean exact = floor == unscaled(value, scale, RoundingMode.CEILING);
                boolean eq = c.op() == Op.EQ;
                yield item -> {
                    long a = field.of(item);
                    boolean equal = a != ItemView.ABSENT && exact && a == floor;
                    return eq ? equal : !equal;
                };
            }
            case GT, LTE -> {
                long floor = unscaled(new BigDecimal(c.value()), scale, RoundingMode.FLOOR);
                boolean gt = c.op() == Op.GT;
                yield item -> {
                    long a = field.of(item);
                    return a != ItemView.ABSENT && (gt ? a > floor : a <= floor);
                };
            }
            case GTE, LT -> {
                long ceiling = unscaled(new BigDecimal(c.value()), scale, RoundingMode.CEILING);
                boolean gte = c.op() == Op.GTE;
                yield item -> {
                    long a = field.of(item);
                    return a != ItemView.ABSENT && (gte ? a >= ceiling : a < ceiling);
                };
            }
            default -> {
                CompiledSelector.Predicate unsupported = CompiledSelector.unsupported(c);
                // as before: an item without the amount fails the comparison before the op is looked at
                yield item -> field.of(item) != ItemView.ABSENT && unsupported.test(item);
            }
        };
    }

    /**
     * The operand unscaled at {@code scale}, rounded as asked; beyond a long it stands at the long's
     * ends (one above the absent mark), past every amount a catalog holds, so comparisons still hold.
     */
    private static long unscaled(BigDecimal operand, int scale, RoundingMode rounding) {
        BigDecimal scaled = operand.setScale(scale, rounding);
        if (scaled.unscaledValue().bitLength() < Long.SIZE) {
            long value = scaled.unscaledValue().longValue();
            return value == ItemView.ABSENT ? ItemView.ABSENT + 1 : value;
        }
        return scaled.signum() > 0 ? Long.MAX_VALUE : ItemView.ABSENT + 1;
    }
}
