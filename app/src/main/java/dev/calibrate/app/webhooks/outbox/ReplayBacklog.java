package dev.calibrate.app.webhooks.outbox;

import dev.calibrate.kernel.error.Rejection;

import java.util.Map;

/** A replay refused while the endpoint has too many deliveries waiting: replay once they are sent. */
public class ReplayBacklog extends Rejection {

    private final int pending;

    public ReplayBacklog(int pending, int limit) {
        super("the endpoint has " + pending + " deliveries waiting, more than the " + limit
                + " a replay may start with: replay once they are sent");
        this.pending = pending;
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }

    @Override
    public Map<String, Object> problemProperties() {
        return Map.of("pending", pending);
    }
}
