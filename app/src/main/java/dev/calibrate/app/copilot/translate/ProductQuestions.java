package dev.calibrate.app.copilot.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import static dev.calibrate.app.copilot.translate.Phrases.VALUE;
import static dev.calibrate.app.copilot.translate.Phrases.literal;
import static dev.calibrate.app.copilot.translate.Phrases.pattern;

/** Count or list products by vendor, tag, type, active or not, a word of the title, and a price bound. */
final class ProductQuestions {

    private static final Pattern PRODUCTS = pattern("\\bproducts?\\b");
    private static final Pattern VENDOR = pattern("\\b(?:(?:from|by|of)\\s+)?(?:the\\s+)?(?:vendor|brand|made by)\\s+(?:is\\s+|=\\s*)?" + VALUE);
    private static final Pattern TAG = pattern("\\b(?:tagged(?:\\s+with)?|with\\s+(?:the\\s+)?tag|having\\s+(?:the\\s+)?tag)\\s+" + VALUE);
    private static final Pattern TYPE = pattern("\\b(?:product type|of type|category)\\s+(?:is\\s+)?" + VALUE);
    private static final Pattern TITLE = pattern("\\b(?:title|titles|named|called)\\s+(?:contains?|containing|with|including|like)?\\s*" + VALUE);
    private static final Pattern TITLE_WORD = pattern("\\bwith\\s+" + VALUE + "\\s+in\\s+(?:the|their|its)\\s+titles?");
    private static final Pattern INACTIVE = pattern("\\b(?:inactive|archived|not active|deactivated)\\b");
    private static final Pattern ACTIVE = pattern("\\bactive\\b");
    /**
     * A bound on the current price in one currency: "cheaper than 10 USD", "priced under 20 EUR", "over 50 USD".
     * Without a currency the number has no meaning here (prices are per currency), and stays unaccounted for.
     */
    private static final Pattern PRICE_BOUND = pattern("\\b(?:(?:priced|costing|that cost|with a price)\\s+)?"
            + "(cheaper than|less than|lower than|under|below|more expensive than|more than|higher than|over|above)"
            + "\\s+(\\d{1,9}(?:\\.\\d{1,4})?)\\s*([a-z]{3})\\b");
    private static final Pattern BELOW = pattern("cheaper than|less than|lower than|under|below");
    /** Words that make it another family's question, which that family did not recognise. */
    private static final Pattern OTHER_SUBJECT = pattern("\\b(?:price changes?|drifts?|competitors?|sync|prices?)\\b");

    private ProductQuestions() {
    }

    static Optional<Translation> products(Question question) {
        if (!question.mentions(PRODUCTS) || question.mentions(OTHER_SUBJECT)) {
            return Optional.empty();
        }
        question.has(PRODUCTS);
        boolean count = Phrases.asksForCount(question);
        List<String> where = new ArrayList<>();
        List<String> described = new ArrayList<>();
        Phrases.find(VENDOR, question).ifPresent(vendor -> {
            where.add("lower(vendor) = lower(" + literal(vendor) + ")");
            described.add("of vendor " + vendor);
        });
        Phrases.find(TAG, question).ifPresent(tag -> {
            where.add(literal(tag.toLowerCase(Locale.ROOT)) + " = ANY (tags)");
            described.add("tagged " + tag);
        });
        Phrases.find(TYPE, question).ifPresent(type -> {
            where.add("lower(product_type) = lower(" + literal(type) + ")");
            described.add("of type " + type);
        });
        Optional<String> word = Phrases.find(TITLE_WORD, question).or(() -> Phrases.find(TITLE, question));
        word.ifPresent(w -> {
            where.add("strpos(lower(title), lower(" + literal(w) + ")) > 0");
            described.add("with \"" + w + "\" in the title");
        });
        question.find(PRICE_BOUND).ifPresent(bound -> priceBound(bound, where, described));
        if (question.has(INACTIVE)) {
            where.add("NOT active");
            described.add(0, "inactive");
        } else if (question.has(ACTIVE)) {
            where.add("active");
            described.add(0, "active");
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        String subject = subject(described);
        if (count) {
            return Optional.of(new Translation("SELECT count(*) AS products FROM copilot.products" + filter,
                    "number of " + subject));
        }
        return Optional.of(new Translation("SELECT sku, title, vendor, tags, active FROM copilot.products" + filter
                + " ORDER BY sku", subject));
    }

    private static void priceBound(MatchResult bound, List<String> where, List<String> described) {
        boolean below = BELOW.matcher(bound.group(1)).matches();
        String amount = bound.group(2);
        String currency = bound.group(3).toUpperCase(Locale.ROOT);
        where.add("product_id IN (SELECT product_id FROM copilot.current_prices WHERE currency = " + literal(currency)
                + " AND amount " + (below ? "<" : ">") + " " + amount + ")");
        described.add("priced " + (below ? "under " : "over ") + amount + " " + currency);
    }

    private static String subject(List<String> described) {
        StringBuilder subject = new StringBuilder();
        if (!described.isEmpty() && (described.get(0).equals("active") || described.get(0).equals("inactive"))) {
            subject.append(described.remove(0)).append(' ');
        }
        subject.append("products");
        described.forEach(d -> subject.append(' ').append(d));
        return subject.toString();
    }

}
