package dev.calibrate.app.feed;

import dev.calibrate.query.feed.FeedCursors;
import dev.calibrate.query.feed.FeedLimits;
import dev.calibrate.query.feed.stream.StreamLimits;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Base64;

/**
 * The event feed's stream ({@code calibrate.events.stream.*}; docs/consumers.md).
 *
 * @param stream           what one node grants each Server-Sent Events stream
 * @param scanWindow       a page looks at most at this many of the tenant's events, whatever its filter
 * @param statementTimeout a page's read still running after this long is cancelled (503)
 */
@ConfigurationProperties("calibrate.events")
public record EventFeedSettings(@DefaultValue Stream stream,
                                @DefaultValue("10000") int scanWindow,
                                @DefaultValue("5s") Duration statementTimeout) {

    /**
     * @param pollInterval     how often an open stream reads the store for new events
     * @param heartbeat        a quiet stream sends a comment this often
     * @param maxDuration      a stream ends after this long and the client reconnects with Last-Event-ID
     * @param maxOpenPerTenant streams one tenant may hold open at once on one node; one more answers 429
     * @param maxOpenPerNode   streams all tenants together may hold open at once on one node; one more answers 429
     * @param sendTimeout      a stream whose client has not taken the last page sent within this long is ended
     * @param credentialCheck  an open stream asks again this often whether its token still allows it
     */
    public record Stream(@DefaultValue("1s") Duration pollInterval,
                         @DefaultValue("15s") Duration heartbeat,
                         @DefaultValue("5m") Duration maxDuration,
                         @DefaultValue("5") int maxOpenPerTenant,
                         @DefaultValue("200") int maxOpenPerNode,
                         @DefaultValue("10s") Duration sendTimeout,
                         @DefaultValue("30s") Duration credentialCheck) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Wiring {

        /** Cursors tagged under the server's secrets key when there is one (docs/consumers.md). */
        @Bean
        FeedCursors feedCursors(@Value("${calibrate.secrets.key:}") String secretsKey) {
            return secretsKey.isBlank() ? FeedCursors.unkeyed()
                    : FeedCursors.keyed(Base64.getDecoder().decode(secretsKey.trim()));
        }

        @Bean
        FeedLimits feedLimits(EventFeedSettings settings) {
            return new FeedLimits(settings.scanWindow(), settings.statementTimeout());
        }

        @Bean
        StreamLimits streamLimits(EventFeedSettings settings) {
            return new StreamLimits(settings.stream().pollInterval(), settings.stream().heartbeat(),
                    settings.stream().maxDuration(), settings.stream().maxOpenPerTenant(),
                    settings.stream().maxOpenPerNode(), settings.stream().sendTimeout(),
                    settings.stream().credentialCheck());
        }
    }
}
