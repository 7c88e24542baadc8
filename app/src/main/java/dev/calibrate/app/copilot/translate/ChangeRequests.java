package dev.calibrate.app.copilot.translate;

import java.util.regex.Pattern;

/**
 * Questions that ask to change something ("set the price of TS-1 to 10", "approve the summer sale",
 * "delete …"). The copilot only reads, whichever translator it uses: such a question is refused as a
 * change request, pointing to the price change flow, before any translator sees it.
 */
public final class ChangeRequests {

    /**
     * A question that opens with an order to change something, politely or not. Only at the start: "When was
     * the last price update?" or "Who can delete drifts?" ask to read, and are answered or not like any other.
     */
    private static final Pattern ORDERS = Phrases.pattern(
            "^(?:(?:please|kindly|now|then|can you|could you|would you|will you|i want to|i'd like to|i need to"
                    + "|let's|let us|go ahead and|help me)[ ,]+)*"
                    + "(?:set|change|approve|reject|cancel|apply|roll ?back|revert|undo|raise|lower|increase|decrease"
                    + "|reduce|discount|mark (?:up|down)|submit|schedule|publish|archive|activate|deactivate|add|edit"
                    + "|make|put|fix|reprice|drop|delete|remove|update|insert|truncate|alter|create|grant|revoke"
                    + "|rename|modify|overwrite)\\b(?! (?:history|log|of)\\b)");

    private ChangeRequests() {
    }

    public static boolean asksToChange(String question) {
        String normalized = question.strip().replaceAll("\\s+", " ").replace('\u2019', '\'');
        return ORDERS.matcher(normalized).find();
    }
}
