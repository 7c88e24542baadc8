package dev.calibrate.command.pricing;

/**
 * A {@code glob} operand: {@code *} any run, {@code ?} one character, everything else literal;
 * case-insensitive, whole value. Characters compare by code point, folded as Java's
 * {@code CASE_INSENSITIVE | UNICODE_CASE} regex folds them, so it selects what the regex it replaces did.
 *
 * <p>It never backtracks more than one star: on a mismatch only the last star seen takes one more
 * character, because any match an earlier star could still find, the last one finds too. A match
 * therefore costs at most (text length + 1) × (pattern length + 1) steps, where the regex it replaces
 * took exponential time on {@code *a*a*a*a*a*a*a*b}.
 */
public final class Glob {

    private static final int ANY_RUN = -1;
    private static final int ANY_ONE = -2;

    /** Whether a text matched, and how many steps deciding it took. */
    record Outcome(boolean matched, long steps) {
    }

    private final int[] pattern;

    private Glob(int[] pattern) {
        this.pattern = pattern;
    }

    public static Glob of(String glob) {
        return new Glob(glob.codePoints()
                .map(cp -> cp == '*' ? ANY_RUN : cp == '?' ? ANY_ONE : fold(cp))
                .toArray());
    }

    public boolean matches(String text) {
        return match(text).matched();
    }

    Outcome match(String text) {
        int p = 0;
        int t = 0;
        int lastRun = -1;      // the pattern index of the last star seen
        int resumeAt = 0;      // the text index that star has taken up to
        long steps = 0;
        while (t < text.length()) {
            steps++;
            int cp = text.codePointAt(t);
            if (p < pattern.length && (pattern[p] == ANY_ONE || pattern[p] == fold(cp))) {
                p++;
                t += Character.charCount(cp);
            } else if (p < pattern.length && pattern[p] == ANY_RUN) {
                lastRun = p++;
                resumeAt = t;
            } else if (lastRun >= 0) {
                p = lastRun + 1;
                resumeAt += Character.charCount(text.codePointAt(resumeAt));
                t = resumeAt;
            } else {
                return new Outcome(false, steps);
            }
        }
        while (p < pattern.length && pattern[p] == ANY_RUN) {
            steps++;
            p++;
        }
        return new Outcome(p == pattern.length, steps);
    }

    private static int fold(int codePoint) {
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }
}
