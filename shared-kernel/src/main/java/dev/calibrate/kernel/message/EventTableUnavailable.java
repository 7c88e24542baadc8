package dev.calibrate.kernel.message;

import dev.calibrate.kernel.error.Rejection;

/** A feature that reads PostgreSQL's event table, asked for where the events are in Axon Server: a 503. */
public class EventTableUnavailable extends Rejection {

    /** The problem type the HTTP edge answers it with. */
    public static final String PROBLEM_TYPE = "unavailable-under-axonserver";

    public EventTableUnavailable(String feature) {
        super(feature + " is not available under the axonserver profile: it reads PostgreSQL's event table with"
                + " SQL, and the events are in Axon Server (docs/operations.md#axon-server-profile)");
    }

    @Override
    public Kind kind() {
        return Kind.UNAVAILABLE;
    }
}
