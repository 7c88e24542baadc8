package dev.calibrate.app.copilot.translate;

/**
 * A translator that could not give any answer, not even "I cannot": its service was unreachable, slow,
 * failed or answered something unreadable. The question is refused under {@link #rule()}; the message says
 * what happened in words fit for the caller, never the service's own text (which may quote the request).
 */
public class TranslatorFailed extends RuntimeException {

    private final String rule;

    public TranslatorFailed(String rule, String reason) {
        super(reason, null, false, false);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
