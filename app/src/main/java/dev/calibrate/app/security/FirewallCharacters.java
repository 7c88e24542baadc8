package dev.calibrate.app.security;

/**
 * The characters Spring Security's {@code StrictHttpFirewall} lets through in header names and values and
 * parameter names, tested by a loop instead of its regular expressions ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*},
 * and the same with a tab for header values), which it runs on every header a request reads: a tenth of a
 * product read's CPU (docs/benchmarks.md, "HTTP load"). Same characters: a code point is let through when
 * Unicode assigns it and it is not a control character; FirewallCharactersTest compares both on every
 * code point.
 */
final class FirewallCharacters {

    private FirewallCharacters() {
    }

    /** Header and parameter names: assigned, no control character. */
    static boolean assignedAndNotControl(String s) {
        return allAllowed(s, false);
    }

    /** Header values: assigned, no control character but the tab. */
    static boolean headerValue(String s) {
        return allAllowed(s, true);
    }

    private static boolean allAllowed(String s, boolean tab) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            // printable ASCII, nearly every character a request carries, decided without a table
            if (c < 0x20 || c >= 0x7f) {
                int type = Character.getType(c);
                if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && c == '\t'))) {
                    return false;
                }
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
