package dev.calibrate.app.copilot.translate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A question as one family reads it: its text, and which characters of it the family has accounted for.
 * A family marks what it understood as it matches ({@link #find}, {@link #has}); what is left over once it
 * has written its SQL must be only words that carry no condition ({@link #FILLER}: "what", "the", "show
 * me" …). A leftover word such as "below", "yesterday", "Alice" or a number means the question asks for
 * more than the SQL says, so the family's answer would be a guess, and the question is refused instead.
 */
final class Question {

    /**
     * Words that say how a question is asked, never what it asks for. Anything else a family did not
     * match is a condition it would silently drop. Kept short on purpose: when in doubt, a word is not here.
     */
    static final Set<String> FILLER = Set.of(
            "a", "an", "the", "what", "what's", "whats", "which", "who", "how", "is", "are", "was", "were", "be",
            "there", "do", "does", "did", "we", "our", "us", "i", "me", "my", "you", "list", "show", "give", "tell",
            "display", "find", "get", "see", "all", "any", "of", "in", "for", "by", "with", "on", "and", "or", "that",
            "have", "has", "currently", "current", "now", "right", "please", "can", "could", "would", "where",
            "exist", "exists", "existing", "total", "these", "those", "them", "it", "its", "their", "to");

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'._&-]*");

    /** What stands for an accounted-for character when a match may use only the rest: no pattern matches it. */
    private static final char USED = '\u0000';

    private final String text;
    private final boolean[] used;

    Question(String text) {
        this.text = text;
        this.used = new boolean[text.length()];
    }

    String text() {
        return text;
    }

    /** The first match of the pattern, its characters accounted for. */
    Optional<MatchResult> find(Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return Optional.empty();
        }
        Arrays.fill(used, matcher.start(), matcher.end(), true);
        return Optional.of(matcher.toMatchResult());
    }

    /**
     * The first match over the words no earlier match accounted for that {@code accept} takes, its characters
     * accounted for. A period read first ("for the last 30 days", "for today") is then never read again as a
     * product's SKU ("last", "today").
     */
    Optional<MatchResult> findUnused(Pattern pattern, Predicate<MatchResult> accept) {
        StringBuilder rest = new StringBuilder(text);
        for (int i = 0; i < text.length(); i++) {
            if (used[i]) {
                rest.setCharAt(i, USED);
            }
        }
        Matcher matcher = pattern.matcher(rest);
        int from = 0;
        while (from <= rest.length() && matcher.find(from)) {
            if (matcher.group().indexOf(USED) < 0 && accept.test(matcher)) {
                Arrays.fill(used, matcher.start(), matcher.end(), true);
                return Optional.of(matcher.toMatchResult());
            }
            from = matcher.start() + 1;
        }
        return Optional.empty();
    }

    /** Whether the pattern matches, its match accounted for. */
    boolean has(Pattern pattern) {
        return find(pattern).isPresent();
    }

    /** Whether the pattern matches, accounting for nothing: a test of which family the question is for. */
    boolean mentions(Pattern pattern) {
        return pattern.matcher(text).find();
    }

    /** The words no match accounted for that are not {@link #FILLER}, in the order they appear. */
    List<String> leftover() {
        StringBuilder rest = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            rest.append(used[i] ? ' ' : text.charAt(i));
        }
        List<String> words = new ArrayList<>();
        Matcher word = WORD.matcher(rest);
        while (word.find()) {
            String w = word.group().replaceAll("[.'_&-]+$", "");
            if (!FILLER.contains(w.toLowerCase(Locale.ROOT))) {
                words.add(w);
            }
        }
        return words;
    }
}
