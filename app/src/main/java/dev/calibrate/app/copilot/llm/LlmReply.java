package dev.calibrate.app.copilot.llm;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statement in a model's reply: the first fenced block if there is one, else the whole reply. Empty
 * when the model said {@link LlmPrompt#CANNOT_ANSWER}, said nothing, or wrote prose rather than a
 * statement. Whatever statement is found, harmless or not, is only a candidate: the guard decides.
 */
final class LlmReply {

    private static final Pattern FENCED = Pattern.compile("```[A-Za-z]*[ \\t]*\\R?(.*?)```", Pattern.DOTALL);

    /**
     * Words a SQL statement of any kind (not only a SELECT) starts with: a reply starting with one goes to
     * the guard, which refuses whatever is not a plain SELECT under its own rule, so that hostile SQL is
     * recorded as such; a reply starting otherwise is prose, and the question is not answered.
     */
    private static final Set<String> STATEMENT_WORDS = Set.of("select", "with", "values", "table", "insert",
            "update", "delete", "merge", "create", "drop", "alter", "truncate", "grant", "revoke", "copy", "set",
            "reset", "do", "call", "begin", "start", "commit", "rollback", "lock", "listen", "notify", "vacuum",
            "analyze", "explain", "prepare", "execute", "discard", "load", "comment", "security", "refresh",
            "reindex", "cluster", "checkpoint", "declare", "fetch", "move", "close", "import", "show", "savepoint",
            "release", "abort", "end", "deallocate", "unlisten", "reassign");

    private static final Pattern FIRST_WORD = Pattern.compile("^[\\s(]*([A-Za-z]+)");

    private LlmReply() {
    }

    static Optional<String> statement(String reply) {
        if (reply == null || reply.isBlank()) {
            return Optional.empty();
        }
        Matcher fenced = FENCED.matcher(reply);
        // a trailing semicolon is a habit, not a second statement; one inside still makes two for the guard
        String candidate = (fenced.find() ? fenced.group(1) : reply).strip().replaceFirst(";\\s*$", "").strip();
        if (candidate.isEmpty() || candidate.contains(LlmPrompt.CANNOT_ANSWER)) {
            return Optional.empty();
        }
        Matcher first = FIRST_WORD.matcher(candidate);
        if (!first.find() || !STATEMENT_WORDS.contains(first.group(1).toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(candidate);
    }
}
