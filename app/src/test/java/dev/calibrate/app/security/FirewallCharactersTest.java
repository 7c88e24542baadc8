package dev.calibrate.app.security;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's character rules without regular expressions let through exactly what Spring Security's do. */
class FirewallCharactersTest {

    /** StrictHttpFirewall's own expressions (spring-security-web 6.5). */
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointIsJudgedAsTheExpressionsJudgeIt() {
        int refusedNames = 0;
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String s = new String(Character.toChars(c));
            boolean name = NAMES.matcher(s).matches();
            assertThat(FirewallCharacters.assignedAndNotControl(s)).as("name U+%04X", c).isEqualTo(name);
            assertThat(FirewallCharacters.headerValue(s)).as("value U+%04X", c).isEqualTo(VALUES.matcher(s).matches());
            refusedNames += name ? 0 : 1;
        }
        assertThat(refusedNames).as("code points refused: control and unassigned ones").isGreaterThan(65);
        assertThat(FirewallCharacters.assignedAndNotControl("a\tb")).isFalse();
        assertThat(FirewallCharacters.headerValue("a\tb")).isTrue();
        assertThat(FirewallCharacters.headerValue("a\nb")).isFalse();
        assertThat(FirewallCharacters.headerValue("")).isTrue();
    }

    @Test
    void stringsOfMixedCharactersLoneSurrogatesIncludedAreJudgedAsTheExpressionsJudgeThem() {
        Random random = new Random(41);
        char[] pool = {'a', 'Z', ' ', '\t', '\n', '\u0000', '\u007f', '\u0085', '\u00e9', '\u2028', '\uffff', '\ud83d',
                '\ude00', '\ud800', '\udfff', '\u0378', '~', '%'};
        for (int n = 0; n < 200_000; n++) {
            char[] chars = new char[random.nextInt(6)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : pool[random.nextInt(pool.length)];
            }
            String s = new String(chars);
            assertThat(FirewallCharacters.assignedAndNotControl(s)).as("name %s", s.chars().boxed().toList())
                    .isEqualTo(NAMES.matcher(s).matches());
            assertThat(FirewallCharacters.headerValue(s)).as("value %s", s.chars().boxed().toList())
                    .isEqualTo(VALUES.matcher(s).matches());
        }
    }
}
