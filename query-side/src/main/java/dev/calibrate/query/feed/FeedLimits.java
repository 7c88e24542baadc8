package dev.calibrate.query.feed;

import java.time.Duration;

/**
 * What one request to the feed may cost ({@code calibrate.events.*}, bound in the app), whatever it asks.
 *
 * @param scanWindow       a page looks at most at this many of the tenant's events: a filter that matches
 *                         few of them answers with what it found and a next past the window
 * @param statementTimeout a page's read still running after this long is cancelled (503, Retry-After)
 */
public record FeedLimits(int scanWindow, Duration statementTimeout) {

    public FeedLimits {
        if (scanWindow < 1) {
            throw new IllegalArgumentException("the feed's scan window must be at least one event, not " + scanWindow);
        }
        if (statementTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the feed's statement timeout must be at least 1 ms (0 would turn PostgreSQL's off), not " + statementTimeout);
        }
    }
}
