package dev.calibrate.app.copilot.translate;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.calibrate.app.copilot.translate.Phrases.VALUE;
import static dev.calibrate.app.copilot.translate.Phrases.literal;
import static dev.calibrate.app.copilot.translate.Phrases.pattern;

/** The most expensive or cheapest products, and one product's current prices or price history. */
final class PriceQuestions {

    private static final Pattern TOP = pattern("\\b(?:top\\s+(\\d{1,3})\\s+)?(?:(\\d{1,3})\\s+)?"
            + "(most expensive|priciest|highest[- ]priced|cheapest|least expensive|lowest[- ]priced)\\s+products?"
            + "(?:\\s+in\\s+([a-z]{3})\\b)?");
    private static final Pattern HISTORY = pattern("\\bprice history\\s+(?:of|for)\\s+(?:the\\s+)?(?:sku\\s+|product\\s+)?" + VALUE);
    private static final Pattern PRICE_OF = pattern("\\b(?:price|prices|cost)\\s+(?:of|for)\\s+(?:the\\s+)?(?:sku\\s+|product\\s+)?" + VALUE);

    private PriceQuestions() {
    }

    static Optional<Translation> topN(String question) {
        Matcher top = TOP.matcher(question);
        if (!top.find()) {
            return Optional.empty();
        }
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

    static Optional<Translation> priceOf(String question) {
        Matcher history = HISTORY.matcher(question);
        if (history.find()) {
            String sku = Phrases.value(history, 1);
            return Optional.of(new Translation("SELECT sku, currency, amount, source, valid_from, valid_to"
                    + " FROM copilot.price_history WHERE sku = " + literal(sku) + " ORDER BY currency, valid_from",
                    "the price history of " + sku));
        }
        Matcher price = PRICE_OF.matcher(question);
        if (price.find() && !question.toLowerCase(Locale.ROOT).contains("price change")) {
            String sku = Phrases.value(price, 1);
            return Optional.of(new Translation("SELECT sku, currency, amount, compare_at FROM copilot.current_prices"
                    + " WHERE sku = " + literal(sku) + " ORDER BY currency", "the current prices of " + sku));
        }
        return Optional.empty();
    }
}
