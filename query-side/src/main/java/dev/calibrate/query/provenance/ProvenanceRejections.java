package dev.calibrate.query.provenance;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.product.ProductId;

import java.time.Instant;

/**
 * Why {@link PriceProvenances} cannot say who set a price: the product or its price did not exist at the
 * instant asked for, or the answer lies past the {@link ProductStreamWindow#MAX_EVENTS} events a
 * provenance reads.
 */
public final class ProvenanceRejections {

    private ProvenanceRejections() {
    }

    /** The product had no event yet at the instant asked for. */
    public static class NotYet extends Rejection {
        NotYet(ProductId productId, Instant at, Instant first) {
            super("product " + productId + " did not exist yet at " + at + " (its first event is at " + first + ")");
        }

        @Override
        public Kind kind() {
            return Kind.NOT_FOUND;
        }
    }

    /** The product existed but had no price in the currency at the instant. */
    public static class NoPrice extends Rejection {
        NoPrice(ProductId productId, String currency, Instant at) {
            super("product " + productId + " had no " + currency + " price " + (at == null ? "" : "at " + at));
        }

        @Override
        public Kind kind() {
            return Kind.NOT_FOUND;
        }
    }

    /** More events follow the instant asked for than a provenance reads: none at or before it was reached. */
    public static class TooManyAfter extends Rejection {
        TooManyAfter(ProductId productId, Instant at) {
            super("product " + productId + " has more than " + ProductStreamWindow.MAX_EVENTS + " events after "
                    + at + ", and a provenance reads at most that many; ask for a later instant or read its history");
        }

        @Override
        public Kind kind() {
            return Kind.OVER_BUDGET;
        }
    }

    /** The price was set further back than a provenance reads. */
    public static class SetTooFarBack extends Rejection {
        SetTooFarBack(ProductId productId, String currency, Instant at) {
            super("no " + currency + " price among the " + ProductStreamWindow.MAX_EVENTS + " newest events of product "
                    + productId + (at == null ? "" : " before " + at) + ": set further back, or never; its price-at "
                    + "reads further back");
        }

        @Override
        public Kind kind() {
            return Kind.OVER_BUDGET;
        }
    }
}
