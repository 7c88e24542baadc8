package dev.calibrate.kernel.message;

/**
 * PostgreSQL's event table, which a few readers query with SQL where Axon's API has no counterpart (paging
 * by position, windows by time, a tenant's events by id). Under the {@code axonserver} profile the events are
 * in Axon Server and the table holds none of them, so each such reader asks here first, whoever calls it
 * (REST, console, GraphQL, MCP), rather than answering an empty table's nothing.
 */
public interface EventTable {

    /** Whether the events are in PostgreSQL's event table (false under the axonserver profile). */
    boolean holdsEvents();

    /** @throws EventTableUnavailable naming {@code feature} when the events are not in the table */
    default void requireFor(String feature) {
        if (!holdsEvents()) {
            throw new EventTableUnavailable(feature);
        }
    }
}
