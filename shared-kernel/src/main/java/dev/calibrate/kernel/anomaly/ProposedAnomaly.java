package dev.calibrate.kernel.anomaly;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a preview found unusual about one item's proposed price, by the rules of the anomalies
 * endpoint ({@link PriceMoves}, {@link AboveAverage}): a move unlike the product's others, a price below its
 * cost, or a price above 6× its time-weighted 30-day average. Stored
 * with the preview's item and shown to the approver; it blocks nothing.
 *
 * @param score the modified z-score of a price move; null for the other kinds
 */
public record ProposedAnomaly(Kind kind, Severity severity, String reason, Double score) {

    public ProposedAnomaly {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(reason, "reason");
    }

    /** The kinds a proposed price can have: those of the endpoint that a single price shows. */
    public enum Kind {
        PRICE_MOVE("price_move"), BELOW_COST("below_cost"), ABOVE_AVERAGE("above_average");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        @JsonValue
        public String code() {
            return code;
        }

        /** Whether this release knows {@code code}: a later one may store kinds this one cannot read. */
        public static boolean known(String code) {
            return Arrays.stream(values()).anyMatch(kind -> kind.code.equals(code));
        }

        @JsonCreator
        public static Kind ofCode(String code) {
            return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no anomaly kind " + code));
        }
    }

    /**
     * As the endpoint grades them: below cost is critical, above average high, a move of score 7 or more
     * high, else medium.
     */
    public enum Severity {
        CRITICAL("critical"), HIGH("high"), MEDIUM("medium");

        private final String code;

        Severity(String code) {
            this.code = code;
        }

        @JsonValue
        public String code() {
            return code;
        }

        /** Whether this release knows {@code code}: a later one may store severities this one cannot read. */
        public static boolean known(String code) {
            return Arrays.stream(values()).anyMatch(severity -> severity.code.equals(code));
        }

        @JsonCreator
        public static Severity ofCode(String code) {
            return Arrays.stream(values()).filter(severity -> severity.code.equals(code)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no anomaly severity " + code));
        }
    }
}
