package dev.calibrate.app.copilot.guard;

import java.util.Set;

/**
 * A statement the guard accepted, as the parser understood it and printed it again (no comments, views
 * schema-qualified, {@code LIMIT} at most {@code maxRows + 1}): this text and no other is what runs.
 *
 * @param sql   the statement to run
 * @param views the copilot views it reads (its sources)
 */
public record GuardedSql(String sql, Set<String> views) {

    public GuardedSql {
        views = Set.copyOf(views);
    }
}
