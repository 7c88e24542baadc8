package dev.calibrate.app.copilot.translate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.calibrate.app.copilot.translate.Phrases.VALUE;
import static dev.calibrate.app.copilot.translate.Phrases.literal;
import static dev.calibrate.app.copilot.translate.Phrases.pattern;

/** Price changes by state, author or approver; the items of one change that were blocked or in conflict. */
final class PriceChangeQuestions {

    private static final Pattern PRICE_CHANGES = pattern("\\bprice changes?\\b");
    /** Phrases of each state, the longer first where one contains another. */
    private static final Map<Pattern, String> STATES = new LinkedHashMap<>();

    static {
        STATES.put(pattern("\\b(?:rolled back)\\b"), "ROLLED_BACK");
        STATES.put(pattern("\\b(?:rolling back)\\b"), "ROLLING_BACK");
        STATES.put(pattern("\\b(?:being applied|applying)\\b"), "APPLYING");
        STATES.put(pattern("\\b(?:submitted|pending approval|awaiting approval|waiting for approval|to approve)\\b"), "SUBMITTED");
        STATES.put(pattern("\\bapproved\\b(?!\\s+by)"), "APPROVED");
        STATES.put(pattern("\\bdraft(?:s|ed)?\\b(?!\\s+by)"), "DRAFT");
        STATES.put(pattern("\\bpreviewed\\b"), "PREVIEWED");
        STATES.put(pattern("\\bscheduled\\b"), "SCHEDULED");
        STATES.put(pattern("\\bapplied\\b"), "APPLIED");
        STATES.put(pattern("\\brejected\\b(?!\\s+by)"), "REJECTED");
        STATES.put(pattern("\\bcancell?ed\\b"), "CANCELLED");
        STATES.put(pattern("\\bexpired\\b"), "EXPIRED");
        STATES.put(pattern("\\bfailed\\b"), "FAILED");
        STATES.put(pattern("\\babandoned\\b"), "ABANDONED");
    }

    private static final Pattern APPROVER = pattern("\\bapproved by\\s+" + VALUE);
    private static final Pattern AUTHOR = pattern("\\b(?:drafted|authored|created|written|made|started)?\\s*by\\s+" + VALUE);
    private static final Pattern ITEMS = pattern("\\b(blocked|in conflict|conflicts?|conflicting)\\b.*?"
            + "\\b(?:in|of|for)\\s+(?:the\\s+)?price change\\s+(?:named\\s+|called\\s+)?" + VALUE);

    private PriceChangeQuestions() {
    }

    static Optional<Translation> items(String question) {
        Matcher items = ITEMS.matcher(question);
        if (!items.find()) {
            return Optional.empty();
        }
        boolean blocked = items.group(1).equalsIgnoreCase("blocked");
        String change = Phrases.value(items, 2);
        String which = blocked ? "i.status = 'BLOCKED'"
                : "(i.outcome = 'CONFLICT' OR i.rollback_outcome = 'ROLLBACK_CONFLICT')";
        String from = " FROM copilot.price_change_items i JOIN copilot.price_changes c"
                + " ON c.price_change_id = i.price_change_id WHERE c.name = " + literal(change) + " AND " + which;
        String subject = (blocked ? "blocked items" : "items in conflict") + " of the price change " + change;
        if (Phrases.asksForCount(question)) {
            return Optional.of(new Translation("SELECT count(*) AS items" + from, "number of " + subject));
        }
        String columns = blocked ? "i.sku, i.currency, i.old_price, i.new_price, i.reasons"
                : "i.sku, i.currency, i.old_price, i.new_price, i.outcome, i.outcome_reason, i.rollback_outcome";
        return Optional.of(new Translation("SELECT " + columns + from + " ORDER BY i.seq", subject));
    }

    static Optional<Translation> changes(String question) {
        if (!PRICE_CHANGES.matcher(question).find()) {
            return Optional.empty();
        }
        List<String> where = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (Map.Entry<Pattern, String> state : STATES.entrySet()) {
            if (state.getKey().matcher(question).find()) {
                where.add("state = " + literal(state.getValue()));
                described.add("in state " + state.getValue());
                break;
            }
        }
        Matcher approver = APPROVER.matcher(question);
        if (approver.find()) {
            String who = Phrases.value(approver, 1);
            where.add("approver = " + literal(who));
            described.add("approved by " + who);
        } else {
            Matcher author = AUTHOR.matcher(question);
            if (author.find()) {
                String who = Phrases.value(author, 1);
                where.add("author = " + literal(who));
                described.add("drafted by " + who);
            }
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        String subject = "price changes" + (described.isEmpty() ? "" : " " + String.join(" and ", described));
        if (Phrases.asksForCount(question)) {
            return Optional.of(new Translation("SELECT count(*) AS price_changes FROM copilot.price_changes" + filter,
                    "number of " + subject));
        }
        return Optional.of(new Translation("SELECT name, state, author, approver, created_at FROM copilot.price_changes"
                + filter + " ORDER BY created_at, name", subject));
    }
}
