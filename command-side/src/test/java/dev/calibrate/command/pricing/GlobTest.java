package dev.calibrate.command.pricing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {

    private static final String PATHOLOGICAL = "*a*a*a*a*a*a*a*b";

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "ts-*           | TS-Blue-M      | true",
            "TS-Blue-?      | TS-Blue-M      | true",
            "TS-Blue-??     | TS-Blue-M      | false",
            "Blue*          | TS-Blue-M      | false",
            "*blue*         | TS-Blue-M      | true",
            "*              | ''             | true",
            "?              | ''             | false",
            "''             | ''             | true",
            "''             | a              | false",
            "a*b*c          | aXbYc          | true",
            "a*b*c          | aXbYcd         | false",
            "*a*a*a*a*a*a*a*b | aaaaaaaab    | true",
            "Straße         | STRASSE        | false",
            "straße         | STRAßE         | true",
            "?              | 😀             | true",
            "😀*            | 😀 smile       | true",
    })
    void matchesTheWholeValueIgnoringCase(String glob, String text, boolean expected) {
        assertThat(Glob.of(glob).matches(text)).isEqualTo(expected);
    }

    @Test
    void theAuditsPathologicalGlobTakesLinearlyManySteps() {
        String text = "a".repeat(255);

        Glob.Outcome outcome = Glob.of(PATHOLOGICAL).match(text);

        assertThat(outcome.matched()).isFalse();
        // the regex it replaces backtracked through every way of spreading 255 a's over 7 stars
        assertThat(outcome.steps()).isLessThanOrEqualTo(4L * (text.length() + PATHOLOGICAL.length()));
    }

    /** A long literal after a star is the algorithm's worst case: still at most (n + 1) × (m + 1) steps. */
    @Test
    void noGlobTakesMoreStepsThanPatternTimesText() {
        String longLiteral = "*" + "a".repeat(253) + "b";
        Random random = new Random(11);
        for (String glob : new String[]{PATHOLOGICAL, longLiteral, "*a?a*?*b*a?", "*".repeat(255), "?*".repeat(127)}) {
            for (String text : new String[]{"a".repeat(255), "a".repeat(1000), randomText(random, 255, "ab"),
                    randomText(random, 1000, "ab?*")}) {
                Glob.Outcome outcome = Glob.of(glob).match(text);
                assertThat(outcome.steps()).as("%s against %d characters", glob, text.length())
                        .isLessThanOrEqualTo((long) (text.length() + 1) * (glob.length() + 1));
            }
        }
    }

    /** Selects exactly what the regex it replaces selected, case folding included. */
    @Test
    void agreesWithTheRegexItReplaces() {
        Random random = new Random(7);
        String alphabet = "aAbB?*.ßSsKkK\u212AİIıiΣσς";
        for (int i = 0; i < 20_000; i++) {
            String glob = randomText(random, random.nextInt(6), alphabet);
            String text = randomText(random, random.nextInt(8), alphabet);
            assertThat(Glob.of(glob).matches(text)).as("%s ~ %s", glob, text)
                    .isEqualTo(regexOf(glob).matcher(text).matches());
        }
    }

    /** How the glob was compiled before: a regex, which backtracks exponentially on many stars. */
    private static Pattern regexOf(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*' || ch == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(ch == '*' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static String randomText(Random random, int length, String alphabet) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
