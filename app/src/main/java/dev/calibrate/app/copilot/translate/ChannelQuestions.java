package dev.calibrate.app.copilot.translate;

import java.util.Optional;
import java.util.regex.Pattern;

import static dev.calibrate.app.copilot.translate.Phrases.pattern;

/** Channel sync failures, drifts, and where competitors stand against the tenant's prices. */
final class ChannelQuestions {

    private static final Pattern SYNC_FAILURES = pattern("\\b(?:sync(?:hroni[sz]ation)? failures?|failed (?:to )?sync"
            + "|failed syncs?|sync(?:ing)? failed|channel failures?|sync errors?)\\b");
    private static final Pattern DRIFTS = pattern("\\bdrift(?:s|ed|ing)?\\b");
    private static final Pattern ALL_DRIFTS = pattern("\\b(?:all|every|resolved|repaired|accepted)\\b");
    private static final Pattern COMPETITORS = pattern("\\bcompetitors?\\b");
    private static final Pattern CHEAPER = pattern("\\b(?:cheaper|undercut|undercuts|lower price|beat)\\b");

    private ChannelQuestions() {
    }

    static Optional<Translation> syncFailures(String question) {
        if (!SYNC_FAILURES.matcher(question).find()) {
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

    static Optional<Translation> drifts(String question) {
        if (!DRIFTS.matcher(question).find()) {
            return Optional.empty();
        }
        boolean all = ALL_DRIFTS.matcher(question).find();
        String filter = all ? "" : " WHERE state = 'OPEN'";
        String subject = all ? "drifts" : "open drifts";
        if (Phrases.asksForCount(question)) {
            return Optional.of(new Translation("SELECT count(*) AS drifts FROM copilot.drifts" + filter,
                    "number of " + subject));
        }
        return Optional.of(new Translation("SELECT sku, channel, currency, expected, actual, state, detected_at"
                + " FROM copilot.drifts" + filter + " ORDER BY sku, channel", subject));
    }

    static Optional<Translation> competitors(String question) {
        if (!COMPETITORS.matcher(question).find()) {
            return Optional.empty();
        }
        if (CHEAPER.matcher(question).find()) {
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
