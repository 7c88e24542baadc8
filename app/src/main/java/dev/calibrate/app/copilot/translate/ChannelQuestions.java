package dev.calibrate.app.copilot.translate;

import java.util.Optional;
import java.util.regex.Pattern;

import static dev.calibrate.app.copilot.translate.Phrases.pattern;

/** Channel sync failures, drifts, and where competitors stand against the tenant's prices. */
final class ChannelQuestions {

    private static final Pattern SYNC_FAILURES = pattern("\\b(?:(?:channel|shopify)\\s+)?(?:sync(?:hroni[sz]ation)? failures?|failed (?:to )?sync"
            + "|failed syncs?|sync(?:ing)? failed|channel failures?|sync errors?)\\b");
    private static final Pattern DRIFTS = pattern("\\bdrift(?:s|ed|ing)?\\b");
    private static final Pattern OPEN = pattern("\\b(?:open|unresolved|current)\\b");
    private static final Pattern ALL_DRIFTS = pattern("\\b(?:all|every|resolved|repaired|accepted)\\b");
    private static final Pattern COMPETITORS = pattern("\\bcompetitors?\\b");
    private static final Pattern WATCHED = pattern("\\b(?:watch|watched|track|tracked|follow|followed|monitor|monitored)\\b");
    private static final Pattern PRODUCT_WORDS = pattern("\\b(?:products?|skus?|items?)\\b");
    private static final Pattern CHEAPER = pattern("\\b(?:cheaper|undercut|undercuts|lower price|beat)\\b");

    private ChannelQuestions() {
    }

    static Optional<Translation> syncFailures(Question question) {
        if (!question.has(SYNC_FAILURES)) {
            return Optional.empty();
        }
        String from = " FROM copilot.channel_sync s JOIN copilot.price_changes c"
                + " ON c.price_change_id = s.price_change_id WHERE s.state = 'FAILED'";
        if (Phrases.asksForCount(question)) {
            return Optional.of(new Translation("SELECT count(*) AS failures" + from, "number of channel sync failures"));
        }
        return Optional.of(new Translation("SELECT s.sku, s.channel, s.action, c.name AS price_change" + from
                + " ORDER BY c.name, s.sku, s.channel, s.action", "channel sync failures"));
    }

    static Optional<Translation> drifts(Question question) {
        if (!question.has(DRIFTS)) {
            return Optional.empty();
        }
        boolean all = question.has(ALL_DRIFTS);
        if (!all) {
            question.has(OPEN);
        }
        String filter = all ? "" : " WHERE state = 'OPEN'";
        String subject = all ? "drifts" : "open drifts";
        if (Phrases.asksForCount(question)) {
            return Optional.of(new Translation("SELECT count(*) AS drifts FROM copilot.drifts" + filter,
                    "number of " + subject));
        }
        return Optional.of(new Translation("SELECT sku, channel, currency, expected, actual, state, detected_at"
                + " FROM copilot.drifts" + filter + " ORDER BY sku, channel", subject));
    }

    static Optional<Translation> competitors(Question question) {
        if (!question.has(COMPETITORS)) {
            return Optional.empty();
        }
        question.has(WATCHED);
        if (question.has(CHEAPER)) {
            question.has(PRODUCT_WORDS);
            return Optional.of(new Translation("SELECT sku, currency, our_price, lowest_competitor_price,"
                    + " competitors_cheaper FROM copilot.price_position WHERE competitors_cheaper > 0"
                    + " ORDER BY sku, currency", "products a competitor sells cheaper"));
        }
        if (Phrases.asksForCount(question)) {
            return Optional.of(new Translation("SELECT count(*) AS competitors FROM copilot.competitors",
                    "number of competitors"));
        }
        return Optional.of(new Translation("SELECT name, domain FROM copilot.competitors ORDER BY name",
                "competitors"));
    }
}
