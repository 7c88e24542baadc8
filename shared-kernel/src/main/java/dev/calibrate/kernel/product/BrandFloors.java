package dev.calibrate.kernel.product;

import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A product's brand price floors in one currency, as its brand sets them: the minimum advertised price
 * ({@code map}), a promotional MAP valid over {@code [pmapFrom, pmapUntil)} ({@code pmap}) and the lowest
 * retail price ({@code lrp}). Each may be absent, not all at once. At any instant one of them is the
 * product's brand floor: the LRP when set, else an active PMAP, else the MAP (docs/pricing-rules.md).
 */
public record BrandFloors(Money map, Money pmap, Instant pmapFrom, Instant pmapUntil, Money lrp) {

    public BrandFloors {
        if (map == null && pmap == null && lrp == null) {
            throw new IllegalArgumentException("brand floors need at least one of map, pmap and lrp");
        }
        if ((pmap == null) != (pmapFrom == null) || (pmap == null) != (pmapUntil == null)) {
            throw new IllegalArgumentException("a pmap needs its window (pmapFrom and pmapUntil), and a window its pmap");
        }
        if (pmap != null && !pmapFrom.isBefore(pmapUntil)) {
            throw new IllegalArgumentException("pmapFrom must be before pmapUntil");
        }
        String currency = currency(map, pmap, lrp);
        for (Money floor : new Money[] {map, pmap, lrp}) {
            if (floor != null && !floor.currency().equals(currency)) {
                throw new IllegalArgumentException("brand floors of one currency cannot mix currencies");
            }
            if (floor != null && floor.amount().signum() <= 0) {
                throw new IllegalArgumentException("a brand floor must be positive");
            }
        }
    }

    /** The currency all the floors are in. */
    public String currency() {
        return currency(map, pmap, lrp);
    }

    /** Whether the PMAP is in force at {@code at}: from its start, included, to its end, excluded. */
    public boolean pmapActiveAt(Instant at) {
        return pmap != null && !at.isBefore(pmapFrom) && at.isBefore(pmapUntil);
    }

    /** The brand floor in force at {@code at}: the LRP, else the active PMAP, else the MAP; empty when none is. */
    public Optional<BrandFloor> at(Instant at) {
        Objects.requireNonNull(at, "at");
        if (lrp != null) {
            return Optional.of(new BrandFloor(BrandFloor.Kind.LRP, lrp.amount(), null));
        }
        if (pmapActiveAt(at)) {
            return Optional.of(new BrandFloor(BrandFloor.Kind.PMAP, pmap.amount(), pmapUntil));
        }
        return map == null ? Optional.empty() : Optional.of(new BrandFloor(BrandFloor.Kind.MAP, map.amount(), null));
    }

    private static String currency(Money map, Money pmap, Money lrp) {
        return (lrp != null ? lrp : pmap != null ? pmap : map).currency();
    }

    /** The one brand floor in force, and until when for a PMAP (null otherwise). */
    public record BrandFloor(Kind kind, BigDecimal amount, Instant until) {

        public enum Kind { MAP, PMAP, LRP }

        public BrandFloor {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(amount, "amount");
        }

        /** How a guardrail and an explain name it: "MAP 19.99", "PMAP 17.99 until 2026-12-01T00:00:00Z", "LRP 21.00". */
        public String text() {
            return kind + " " + amount.toPlainString() + (until == null ? "" : " until " + until);
        }

        /** The floor a {@link #text()} names, exactly: {@code parse(floor.text()).equals(floor)}. */
        public static BrandFloor parse(String text) {
            String[] parts = text.split(" ", -1);
            if (parts.length != 2 && !(parts.length == 4 && parts[2].equals("until"))) {
                throw new IllegalArgumentException("not a brand floor's text: " + text);
            }
            return new BrandFloor(Kind.valueOf(parts[0]), new BigDecimal(parts[1]),
                    parts.length == 4 ? Instant.parse(parts[3]) : null);
        }
    }
}
