package dev.calibrate.app.copilot.translate;

/**
 * A question the embedded translator recognised and will not answer, for a reason it can name: a date
 * that is no date, or a period its views cannot answer for. Refused ({@code no-translation}) with that
 * reason instead of the generic one, and never passed on to another translator, which could only guess.
 */
final class Unanswerable extends TranslatorFailed {

    Unanswerable(String reason) {
        super("no-translation", reason);
    }
}
