package dev.calibrate.command.competitor;

import dev.calibrate.kernel.competitor.CompetitorId;
import dev.calibrate.kernel.error.Rejection;

import java.util.Map;

/** The tenant already watches this domain; the problem names the existing competitor. */
final class DuplicateCompetitor extends Rejection {

    private final CompetitorId existing;

    DuplicateCompetitor(CompetitorId existing, String domain) {
        super("a competitor with domain " + domain + " is already registered (" + existing + ")");
        this.existing = existing;
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }

    @Override
    public Map<String, Object> problemProperties() {
        return Map.of("competitorId", existing.toString());
    }
}
