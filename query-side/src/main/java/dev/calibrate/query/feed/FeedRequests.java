package dev.calibrate.query.feed;

import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;

/**
 * The feed's request parameters, checked in one place for the page and the stream alike: the types
 * (known CloudEvent types), the subject, the limit, and where to resume (an event's position, a page's
 * {@code next} of the same filter, or for the stream Last-Event-ID). A bad value is a 400 naming it.
 */
@Component
public class FeedRequests {

    public static final String LAST_EVENT_ID = "Last-Event-ID";
    /** The {@code types} parameter's description, for the feed's and the stream's OpenAPI. */
    public static final String TYPES_DESCRIPTION = "Only events of these CloudEvent types, e.g. "
            + "dev.calibrate.ProductPriceChanged.v2 (repeat the parameter or separate by commas). "
            + "An unknown type is a 400 listing the known ones.";
    /** The {@code subject} parameter's description, for the feed's and the stream's OpenAPI. */
    public static final String SUBJECT_DESCRIPTION = "Only the events of this aggregate (a product's, a price change's id).";

    private final EventTypes types;
    private final FeedCursors cursors;

    public FeedRequests(EventTypes types, FeedCursors cursors) {
        this.types = types;
        this.cursors = cursors;
    }

    /** {@code GET /api/v1/events}. */
    public FeedQuery page(TenantId tenantId, @Nullable String after, @Nullable List<String> types,
                          @Nullable String subject, int limit) {
        Filter filter = filter(types, subject);
        return new FeedQuery(cursors.after(tenantId, filter.names(), filter.subject(), "after", after),
                filter.names(), filter.subject(), FeedQuery.limit("limit", limit));
    }

    /** {@code GET /api/v1/events/stream}: Last-Event-ID (an event's position, as the stream sent it) wins over after. */
    public FeedQuery stream(TenantId tenantId, @Nullable String after, @Nullable String lastEventId,
                            @Nullable List<String> types, @Nullable String subject) {
        Filter filter = filter(types, subject);
        long position = lastEventId != null && !lastEventId.isBlank()
                ? FeedQuery.position(LAST_EVENT_ID, lastEventId)
                : cursors.after(tenantId, filter.names(), filter.subject(), "after", after);
        // the stream sets its own page size; the limit here only has to be a valid one
        return new FeedQuery(position, filter.names(), filter.subject(), FeedQuery.MAX_LIMIT);
    }

    /** The {@code next} of a page of {@code query} that resumes after {@code position}. */
    public String next(TenantId tenantId, FeedQuery query, long position) {
        return cursors.next(tenantId, query, position);
    }

    private record Filter(Set<String> names, @Nullable String subject) {
    }

    private Filter filter(@Nullable List<String> types, @Nullable String subject) {
        return new Filter(this.types.namesOf("types", types), FeedQuery.subject("subject", subject));
    }
}
