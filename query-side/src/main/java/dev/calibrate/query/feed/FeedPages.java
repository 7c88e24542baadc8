package dev.calibrate.query.feed;

import dev.calibrate.kernel.tenant.TenantId;

/** Where a stream reads its pages: the event feed, or in a test a feed of its own making. */
@FunctionalInterface
public interface FeedPages {

    /** A page of the tenant's events after the query's position, below the safe horizon. */
    EventFeed.Page page(TenantId tenantId, FeedQuery query);
}
