package dev.calibrate.app.copilot.translate;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import static dev.calibrate.app.copilot.translate.Phrases.NAMED_PRODUCT;
import static dev.calibrate.app.copilot.translate.Phrases.literal;
import static dev.calibrate.app.copilot.translate.Phrases.pattern;

/** The most expensive or cheapest products, and one product's current prices or price history. */
final class PriceQuestions {

    private static final Pattern TOP = pattern("\\b(?:top\\s+(\\d{1,3})\\s+)?(?:(\\d{1,3})\\s+)?"
            + "(most expensive|priciest|highest[- ]priced|cheapest|least expensive|lowest[- ]priced)\\s+products?"
            + "(?:\\s+in\\s+([a-z]{3})\\b)?");
    private static final Pattern HISTORY = pattern("\\bprice history\\s+(?:of|for)\\s+(?:the\\s+)?" + NAMED_PRODUCT);
    private static final Pattern PRICE_OF = pattern("\\b(?:price|prices|cost)\\s+(?:of|for)\\s+(?:the\\s+)?" + NAMED_PRODUCT);

    /** "biggest price increases", "top 5 largest price drops": moves between one price and the next. */
    private static final Pattern MOVES = pattern("\\b(?:top\\s+(\\d{1,3})\\s+|(\\d{1,3})\\s+)?(?:biggest|largest|greatest)"
            + "\\s+(?:price\\s+)?(increases?|rises?|hikes?|decreases?|drops?|cuts?|reductions?|falls?)\\b");
    private static final Pattern UP = pattern("increases?|rises?|hikes?");
    private PriceQuestions() {
    }

    /** "How did the price of TS-1 change last month": the words that ask for its moves in a period. */
    private static final Pattern CHANGED = pattern("\\b(?:change|changed|move|moved|evolve|evolved|develop)\\b");

    static Optional<Translation> moves(Question question, Clock clock) {
        Optional<MatchResult> found = question.find(MOVES);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MatchResult moves = found.get();
        String count = moves.group(1) != null ? moves.group(1) : moves.group(2) != null ? moves.group(2) : "10";
        int n = Math.max(1, Math.min(100, Integer.parseInt(count)));
        boolean up = UP.matcher(moves.group(3)).matches();
        String period = "";
        String over = "";
        Optional<Periods.Period> calendar = Periods.find(question, clock);
        if (calendar.isPresent()) {
            period = " AND " + calendar.get().within("valid_from");
            over = " " + calendar.get().described();
        }
        String sql = "SELECT sku, currency, previous_amount, amount, amount - previous_amount AS change,"
                + " round((amount - previous_amount) * 100 / previous_amount, 1) AS change_percent, valid_from"
                + " FROM (SELECT sku, currency, amount, valid_from,"
                + " lag(amount) OVER (PARTITION BY product_id, currency ORDER BY valid_from) AS previous_amount"
                + " FROM copilot.price_history) moves"
                + " WHERE previous_amount IS NOT NULL AND previous_amount <> 0 AND amount " + (up ? ">" : "<")
                + " previous_amount" + period
                + " ORDER BY change_percent " + (up ? "DESC" : "ASC") + ", sku, currency, valid_from LIMIT " + n;
        return Optional.of(new Translation(sql, "the " + n + " biggest price " + (up ? "increases" : "decreases")
                + over));
    }

    static Optional<Translation> topN(Question question) {
        Optional<MatchResult> found = question.find(TOP);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MatchResult top = found.get();
        String count = top.group(1) != null ? top.group(1) : top.group(2) != null ? top.group(2) : "10";
        int n = Math.max(1, Math.min(100, Integer.parseInt(count)));
        boolean expensive = top.group(3).toLowerCase(Locale.ROOT).matches("most expensive|priciest|highest.priced");
        String currency = top.group(4);
        String where = currency == null ? "" : " WHERE c.currency = " + literal(currency.toUpperCase(Locale.ROOT));
        String sql = "SELECT p.sku, p.title, c.currency, c.amount AS price FROM copilot.current_prices c"
                + " JOIN copilot.products p ON p.product_id = c.product_id" + where
                + " ORDER BY c.amount " + (expensive ? "DESC" : "ASC") + ", p.sku, c.currency LIMIT " + n;
        return Optional.of(new Translation(sql, "the " + n + (expensive ? " most expensive" : " cheapest")
                + " products" + (currency == null ? "" : " in " + currency.toUpperCase(Locale.ROOT))));
    }

    static Optional<Translation> priceOf(Question question, Clock clock) {
        boolean changeFamily = question.text().toLowerCase(Locale.ROOT).contains("price change");
        if (!question.mentions(HISTORY) && (changeFamily || !question.mentions(PRICE_OF))) {
            return Optional.empty();
        }
        // the period first, and the product only in the words it left: "prices for this week" names no SKU 'this'
        Optional<Periods.Period> period = Periods.find(question, clock);
        Optional<MatchResult> history = question.findUnused(HISTORY, match -> Phrases.namesProduct(match, 1));
        Optional<MatchResult> price = history.isPresent() || changeFamily ? Optional.empty()
                : question.findUnused(PRICE_OF, match -> Phrases.namesProduct(match, 1));
        Optional<MatchResult> named = history.isPresent() ? history : price;
        if (named.isEmpty()) {
            return Optional.empty();
        }
        String sku = Phrases.value(named.get(), 2);
        if (period.isPresent()) {
            // the prices that held at some time in the period: set before its end, replaced (if ever) after its start
            question.has(CHANGED);
            Periods.Period within = period.get();
            String overlap = (within.to() == null ? "" : "valid_from < " + literal(within.to().toString()) + " AND ")
                    + "(valid_to IS NULL OR valid_to > " + literal(within.from().toString()) + ")";
            return Optional.of(new Translation("SELECT sku, currency, amount, source, valid_from, valid_to"
                    + " FROM copilot.price_history WHERE sku = " + literal(sku) + " AND " + overlap
                    + " ORDER BY currency, valid_from", "the prices of " + sku + " that held " + within.described()));
        }
        if (history.isPresent()) {
            return Optional.of(new Translation("SELECT sku, currency, amount, source, valid_from, valid_to"
                    + " FROM copilot.price_history WHERE sku = " + literal(sku) + " ORDER BY currency, valid_from",
                    "the price history of " + sku));
        }
        return Optional.of(new Translation("SELECT sku, currency, amount, compare_at FROM copilot.current_prices"
                + " WHERE sku = " + literal(sku) + " ORDER BY currency", "the current prices of " + sku));
    }
}
