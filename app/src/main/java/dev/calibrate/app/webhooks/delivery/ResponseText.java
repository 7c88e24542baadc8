package dev.calibrate.app.webhooks.delivery;

import org.springframework.lang.Nullable;

/**
 * A receiver's answer made storable: PostgreSQL text refuses NUL, and other control characters help
 * nobody reading the delivery log. Each becomes U+FFFD ({@code \n} and {@code \t} stay); invalid
 * UTF-8 was already replaced when the bytes were decoded.
 */
final class ResponseText {

    static final char REPLACEMENT = '\uFFFD';

    private ResponseText() {
    }

    @Nullable
    static String clean(@Nullable String text) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bad = Character.isISOControl(c) && c != '\n' && c != '\t'
                    || Character.isSurrogate(c) && !pairedSurrogate(text, i);
            if (bad && clean == null) {
                clean = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (clean != null) {
                clean.append(bad ? REPLACEMENT : c);
            }
        }
        return clean == null ? text : clean.toString();
    }

    private static boolean pairedSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
