package dev.calibrate.app.copilot.translate;

import java.util.Optional;

/**
 * Turns a question into one SQL statement over the copilot views. Whatever a translator writes goes
 * through the same guard before it runs; a translator that cannot answer says so (empty) rather than guess,
 * and one whose service failed throws {@link TranslatorFailed}.
 */
public interface Translator {

    /** What the answer names as its translator ({@code embedded} or {@code llm}). */
    String name();

    /** The model behind it, if any. */
    Optional<String> model();

    Optional<Translation> translate(String question);
}
