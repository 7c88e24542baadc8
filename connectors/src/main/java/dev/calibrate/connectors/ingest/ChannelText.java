package dev.calibrate.connectors.ingest;

import dev.calibrate.schemas.ControlCharacters;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cleans the text a channel sends about one item before it becomes a command: the control characters
 * a request would be refused for are dropped (a U+0000 in an event once stopped every read model),
 * and the fields that lost some are remembered, so the sync can say so in a warning instead of failing
 * the item. One instance per item.
 */
public final class ChannelText {

    private final Set<String> cleaned = new LinkedHashSet<>();

    /** An identifier or code (SKU, vendor, tag): no control character at all. */
    public String identifier(String field, String text) {
        return clean(field, text, false);
    }

    /** Prose (a title): tabs and line breaks stay. */
    public String prose(String field, String text) {
        return clean(field, text, true);
    }

    public List<String> identifiers(String field, List<String> texts) {
        if (texts == null) {
            return null;
        }
        List<String> kept = new ArrayList<>(texts.size());
        texts.forEach(text -> kept.add(identifier(field, text)));
        return kept;
    }

    /** "control characters were removed from its title, tags", when any were. */
    public Optional<String> warning(String item) {
        return cleaned.isEmpty() ? Optional.empty()
                : Optional.of(item + ": control characters were removed from its " + String.join(", ", cleaned));
    }

    private String clean(String field, String text, boolean freeText) {
        String kept = ControlCharacters.strip(text, freeText);
        if (kept != null && !kept.equals(text)) {
            cleaned.add(field);
        }
        return kept;
    }
}
