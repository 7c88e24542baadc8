package dev.calibrate.app.copilot.translate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import static dev.calibrate.app.copilot.translate.Phrases.NAMED_PRODUCT;
import static dev.calibrate.app.copilot.translate.Phrases.literal;
import static dev.calibrate.app.copilot.translate.Phrases.pattern;

/**
 * Price anomalies, from {@code copilot.price_anomalies}: the kinds of {@code GET /api/v1/anomalies}
 * computed from the read models (V40). Without a period it asks what the endpoint answers by default,
 * the last 30 days up to now; "below cost" and "channel drift" alone ask what holds now. A period that
 * ended before now is answered for price moves and prices above their average only: the view knows
 * below-cost prices and drifts as they stand now, not as they stood then, so such a question is refused
 * with that reason rather than answered with today's state.
 */
final class AnomalyQuestions {

    /** The endpoint's default period: the 30 days before now. */
    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    private static final Pattern ANOMALY = pattern("\\b(?:price\\s+)?anomal(?:y|ies|ous)\\b");
    private static final Pattern BELOW_COST = pattern("\\b(?:(?:priced|selling|sold|sell|sells|set)\\s+)?(?:below|under|beneath)"
            + "\\s+(?:their\\s+|its\\s+|the\\s+)?cost\\b");
    private static final Pattern PRICE_MOVE = pattern("\\b(?:unusual\\s+)?price[_ ]moves?\\b");
    /**
     * "far above their 30-day average": the 6x kind only with "far", "30-day", "their"/"its" or an anomaly word
     * said; "above average" alone is a plain comparison, not this anomaly (see {@link #aboveAverage}).
     */
    private static final Pattern ABOVE_AVERAGE = pattern("\\b(?:prices?\\s+)?(far\\s+)?above[_ ](?:(their|its|the)\\s+)?"
            + "(30-day\\s+)?average\\b");
    private static final Pattern CHANNEL_DRIFT = pattern("\\bchannel[_ ]drifts?\\b");
    private static final Pattern SEVERITY = pattern("\\b(critical|high|medium)(?:[- ]severity)?\\b");
    private static final Pattern OF_PRODUCT = pattern("\\b(?:of|for|on)\\s+(?:the\\s+)?" + NAMED_PRODUCT);
    private static final Pattern PRODUCTS = pattern("\\bproducts?\\b");
    private static final Pattern PRICES = pattern("\\b(?:prices?|kinds?)\\b");
    private AnomalyQuestions() {
    }

    static Optional<Translation> anomalies(Question question, Clock clock) {
        boolean anomaly = question.has(ANOMALY);
        String kind = question.has(BELOW_COST) ? "below_cost" : question.has(PRICE_MOVE) ? "price_move"
                : aboveAverage(question, anomaly) ? "above_average" : question.has(CHANNEL_DRIFT) ? "channel_drift" : null;
        if (!anomaly && kind == null) {
            return Optional.empty();
        }
        boolean count = Phrases.asksForCount(question);
        // the period first, and the product only in the words it left: "for the last 30 days" names no SKU 'last'
        Optional<Periods.Period> period = Periods.find(question, clock);
        Optional<MatchResult> product = question.findUnused(OF_PRODUCT, match -> Phrases.namesProduct(match, 1));
        boolean products = question.has(PRODUCTS);
        question.has(PRICES);
        Optional<MatchResult> severity = question.find(SEVERITY);

        List<String> where = new ArrayList<>();
        List<String> described = new ArrayList<>();
        if (kind != null) {
            where.add("kind = " + literal(kind));
        }
        severity.ifPresent(s -> where.add("severity = " + literal(s.group(1).toLowerCase(Locale.ROOT))));
        product.ifPresent(p -> {
            where.add("sku = " + literal(Phrases.value(p, 2)));
            described.add("of " + Phrases.value(p, 2));
        });
        boolean nowOnly = kind != null && (kind.equals("below_cost") || kind.equals("channel_drift"));
        if (period.isEmpty() && nowOnly) {
            where.add("still_open");
            described.add("now");
        } else {
            Periods.Period within = period.orElse(new Periods.Period(clock.instant().minus(DEFAULT_PERIOD), null,
                    "in the last 30 days"));
            if (within.endsNow()) {
                // what holds now counts in any period up to now, however long ago it began, as the endpoint says
                String from = literal(within.from().toString());
                where.add("(occurred_at >= " + from + " AND NOT carried_over OR still_open AND occurred_at < " + from + ")");
            } else if (kind == null || nowOnly) {
                throw new Unanswerable("below-cost prices and channel drifts are known only as they stand now, not as"
                        + " they stood " + within.words() + "; ask for price moves or prices above their average in that"
                        + " period, or for them now (GET /api/v1/anomalies answers any period)");
            } else {
                where.add(within.within("occurred_at"));
            }
            described.add(within.described());
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        String subject = (products ? "products with " : "") + (kind == null ? "price anomalies" : kind.replace('_', ' ')
                + (products ? "" : " anomalies")) + " " + String.join(" ", described);
        if (count) {
            String what = products ? "count(DISTINCT sku) AS products" : "count(*) AS anomalies";
            return Optional.of(new Translation("SELECT " + what + " FROM copilot.price_anomalies" + filter,
                    "number of " + subject));
        }
        if (products) {
            return Optional.of(new Translation("SELECT sku, count(*) AS anomalies, min(occurred_at) AS first_at,"
                    + " max(occurred_at) AS last_at FROM copilot.price_anomalies" + filter + " GROUP BY sku ORDER BY sku",
                    subject));
        }
        return Optional.of(new Translation("SELECT sku, kind, severity, currency, occurred_at, amount, compared_with,"
                + " score, channel FROM copilot.price_anomalies" + filter + " ORDER BY sku, occurred_at, kind, currency",
                subject));
    }

    private static boolean aboveAverage(Question question, boolean anomaly) {
        return question.mentions(ABOVE_AVERAGE) && question.findUnused(ABOVE_AVERAGE, match -> anomaly
                || match.group(1) != null || match.group(3) != null
                || match.group(2) != null && !match.group(2).equalsIgnoreCase("the")).isPresent();
    }
}
