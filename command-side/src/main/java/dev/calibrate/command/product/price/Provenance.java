package dev.calibrate.command.product.price;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.calibrate.kernel.pricechange.PriceChangeId;

/**
 * Who set a product's current price in one currency: a source where it was observed, a price change
 * (over the provenance it replaced, which its rollback gives back), or the rollback of a change whose
 * replaced provenance is no longer kept. Every one remembers the source of the last observed price,
 * which decides whether a read-only channel may replace it. A product's snapshot stores it by kind.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Provenance.Observed.class, name = "observed"),
        @JsonSubTypes.Type(value = Provenance.SetBy.class, name = "set-by"),
        @JsonSubTypes.Type(value = Provenance.RestoredBy.class, name = "restored-by"),
        @JsonSubTypes.Type(value = Provenance.Forgotten.class, name = "forgotten")})
sealed interface Provenance {

    /**
     * How many price changes on top of each other a product remembers: a rollback of the newest gives
     * the price back to the one below it, and so on this deep. Below that, a rollback restores the price
     * (it is in the run record) but not who had set it.
     */
    int LAYERS_KEPT = 16;

    /** The source of the last price observed in this currency (e.g. shopify); null if none was kept. */
    String observedSource();

    /** Who set the price, in words, for conflict reasons. */
    String words();

    /** The price as a channel (or the API) showed it. */
    record Observed(String source) implements Provenance {

        @Override
        public String observedSource() {
            return source;
        }

        @Override
        public String words() {
            return "observed at " + source;
        }
    }

    /** The price {@code change} set, over the price {@code replaced} had set. */
    record SetBy(PriceChangeId change, Provenance replaced) implements Provenance {

        /** {@code change} sets the price over {@code current}; layers beyond {@link #LAYERS_KEPT} are forgotten. */
        static SetBy over(PriceChangeId change, Provenance current) {
            return new SetBy(change, trimmed(current, LAYERS_KEPT - 1));
        }

        private static Provenance trimmed(Provenance provenance, int layers) {
            if (!(provenance instanceof SetBy set)) {
                return provenance;
            }
            return layers == 0 ? new Forgotten(set.observedSource())
                    : new SetBy(set.change(), trimmed(set.replaced(), layers - 1));
        }

        @Override
        public String observedSource() {
            return replaced.observedSource();
        }

        @Override
        public String words() {
            return "set by price change " + change;
        }

        /** Who has the price once {@link #change} is rolled back. */
        Provenance rolledBack() {
            return replaced instanceof Forgotten forgotten
                    ? new RestoredBy(change, forgotten.observedSource()) : replaced;
        }
    }

    /** The price the rollback of {@code change} put back, whose earlier setter is no longer kept. */
    record RestoredBy(PriceChangeId change, String observedSource) implements Provenance {

        @Override
        public String words() {
            return "restored by the rollback of price change " + change;
        }
    }

    /** A layer below {@link #LAYERS_KEPT}: only the source of the last observed price is kept. */
    record Forgotten(String observedSource) implements Provenance {

        @Override
        public String words() {
            return "set before the price changes this product remembers";
        }
    }
}
