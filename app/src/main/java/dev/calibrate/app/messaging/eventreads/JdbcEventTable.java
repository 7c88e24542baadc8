package dev.calibrate.app.messaging.eventreads;

import dev.calibrate.kernel.message.EventTable;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** The events are in PostgreSQL's event table, so what reads it with SQL may (the axonserver profile's says not). */
@Component
@Profile("!axonserver")
class JdbcEventTable implements EventTable {

    @Override
    public boolean holdsEvents() {
        return true;
    }
}
