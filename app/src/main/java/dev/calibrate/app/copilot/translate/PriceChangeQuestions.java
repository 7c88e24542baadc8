package dev.calibrate.app.copilot.translate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
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
        STATES.put(state("\\b(?:rolled back)\\b"), "ROLLED_BACK");
        STATES.put(state("\\b(?:rolling back)\\b"), "ROLLING_BACK");
        STATES.put(state("\\b(?:being applied|applying)\\b"), "APPLYING");
        STATES.put(state("\\b(?:submitted|pending approval|awaiting approval|waiting for approval|to approve)\\b"), "SUBMITTED");
        STATES.put(state("\\bapproved\\b(?!\\s+by)"), "APPROVED");
        STATES.put(state("\\bdraft(?:s|ed)?\\b(?!\\s+(?:by|since|after|from|between|in|during|today|yesterday|this|last|past"
                + "|previous)\\b)"), "DRAFT");
        STATES.put(state("\\bpreviewed\\b"), "PREVIEWED");
        STATES.put(state("\\bscheduled\\b"), "SCHEDULED");
        STATES.put(state("\\bapplied\\b"), "APPLIED");
        STATES.put(state("\\brejected\\b(?!\\s+by)"), "REJECTED");
        STATES.put(state("\\bcancell?ed\\b"), "CANCELLED");
        STATES.put(state("\\bexpired\\b"), "EXPIRED");
        STATES.put(state("\\bfailed\\b"), "FAILED");
        STATES.put(state("\\babandoned\\b"), "ABANDONED");
    }

    /** A state's phrase, with the "in state" that may come before it. */
    private static Pattern state(String phrase) {
        return pattern("(?:\\b(?:in\\s+)?(?:the\\s+)?state\\s+)?" + phrase);
    }

    /** "drafted" or "created" before a period ("drafted since 2026-11-01", "created last week"): when it was drafted. */
    private static final Pattern DRAFTED_IN = pattern("\\b(?:created|drafted)\\b(?=\\s+(?:since|after|from|between|in|during|today"
            + "|yesterday|this|last|past|previous)\\b)");
    private static final Pattern ITEM_WORDS = pattern("\\b(?:items?|products?|skus?|lines?)\\b");

    private static final Pattern APPROVER = pattern("\\bapproved by\\s+" + VALUE);
    private static final Pattern AUTHOR = pattern("\\b(?:drafted|authored|created|written|made|started)?\\s*by\\s+" + VALUE);
    private static final Pattern ITEMS = pattern("\\b(blocked|in conflict|conflicts?|conflicting)\\b"
            + "(?:\\s+(?:items?|products?|skus?|lines?))?(?:\\s+(?:are|were|is))?"
            + "\\s+(?:in|of|for)\\s+(?:the\\s+)?price change\\s+(?:named\\s+|called\\s+)?" + VALUE);

    /** The column of the time at which a change reached each state that records one. */
    private static final Map<String, String> STATE_TIMES = Map.of("SUBMITTED", "submitted_at", "APPROVED", "approved_at",
            "PREVIEWED", "previewed_at", "APPLIED", "applied_at", "REJECTED", "rejected_at", "CANCELLED", "cancelled_at",
            "ROLLED_BACK", "rolled_back_at");

    private PriceChangeQuestions() {
    }

    static Optional<Translation> items(Question question) {
        Optional<MatchResult> found = question.find(ITEMS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MatchResult items = found.get();
        boolean count = Phrases.asksForCount(question);
        question.has(ITEM_WORDS);
        boolean blocked = items.group(1).equalsIgnoreCase("blocked");
        String change = Phrases.name(items, 2);
        String which = blocked ? "i.status = 'BLOCKED'"
                : "(i.outcome = 'CONFLICT' OR i.rollback_outcome = 'ROLLBACK_CONFLICT')";
        String from = " FROM copilot.price_change_items i JOIN copilot.price_changes c"
                + " ON c.price_change_id = i.price_change_id WHERE c.name = " + literal(change) + " AND " + which;
        String subject = (blocked ? "blocked items" : "items in conflict") + " of the price change " + change;
        if (count) {
            return Optional.of(new Translation("SELECT count(*) AS items" + from, "number of " + subject));
        }
        String columns = blocked ? "i.sku, i.currency, i.old_price, i.new_price, i.reasons"
                : "i.sku, i.currency, i.old_price, i.new_price, i.outcome, i.outcome_reason, i.rollback_outcome";
        return Optional.of(new Translation("SELECT " + columns + from + " ORDER BY i.seq", subject));
    }

    static Optional<Translation> changes(Question question, Clock clock) {
        if (!question.has(PRICE_CHANGES)) {
            return Optional.empty();
        }
        boolean count = Phrases.asksForCount(question);
        List<String> where = new ArrayList<>();
        List<String> described = new ArrayList<>();
        String state = null;
        for (Map.Entry<Pattern, String> named : STATES.entrySet()) {
            if (question.has(named.getKey())) {
                state = named.getValue();
                break;
            }
        }
        Optional<MatchResult> approver = question.find(APPROVER);
        if (approver.isPresent()) {
            String who = Phrases.name(approver.get(), 1);
            where.add("approver = " + literal(who));
            described.add("approved by " + who);
        } else {
            Optional<MatchResult> author = question.find(AUTHOR);
            if (author.isPresent()) {
                String who = Phrases.name(author.get(), 1);
                where.add("author = " + literal(who));
                described.add("drafted by " + who);
            }
        }
        // a period with a state asks when the change reached that state ("applied yesterday": applied_at), with an
        // approver when it was approved; else when it was drafted. A state with no time of its own is refused.
        Optional<Periods.Period> within = Periods.find(question, clock);
        boolean drafted = within.isPresent() && question.has(DRAFTED_IN);
        if (within.isPresent() && !drafted && (state != null || approver.isPresent())) {
            String column = state == null ? "approved_at" : STATE_TIMES.get(state);
            if (column == null) {
                throw new Unanswerable("price changes record no time at which they became " + state
                        + "; ask for those drafted " + within.get().words() + ", or for all " + state + " ones");
            }
            where.add(within.get().within(column));
            described.add((state == null ? "approved" : state.toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                    + " " + within.get().described());
        } else {
            if (state != null) {
                where.add("state = " + literal(state));
                described.add("in state " + state);
            }
            within.ifPresent(p -> {
                where.add(p.within("created_at"));
                described.add("drafted " + p.described());
            });
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        String subject = "price changes" + (described.isEmpty() ? "" : " " + String.join(" and ", described));
        if (count) {
            return Optional.of(new Translation("SELECT count(*) AS price_changes FROM copilot.price_changes" + filter,
                    "number of " + subject));
        }
        return Optional.of(new Translation("SELECT name, state, author, approver, created_at FROM copilot.price_changes"
                + filter + " ORDER BY created_at, name", subject));
    }
}
