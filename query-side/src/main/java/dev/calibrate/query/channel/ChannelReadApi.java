package dev.calibrate.query.channel;

import dev.calibrate.query.channel.ChannelQueries.DriftState;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the channel reads answer; money leaves as decimal strings at the currency's scale. */
public final class ChannelReadApi {

    private ChannelReadApi() {
    }

    /** A page of a channel's drifts, newest first. */
    public record ChannelDriftPage(List<ChannelDrift> items, int page, int size, long total) {
    }

    /**
     * The channel showed {@code actual} where Calibrate set {@code expected}. The drift's id is its
     * product's: a product has at most one drift per channel.
     */
    public record ChannelDrift(UUID id, UUID productId, @Schema(example = "shopify") String channel, String sku,
                               String currency, @Schema(example = "19.99") String expected,
                               @Schema(example = "17.99") String actual, @Nullable String actualCompareAt,
                               DriftState state, Instant detectedAt, @Nullable Instant resolvedAt) {
    }

    /**
     * Of a price change's products, how many the channel holds the price of (synced), has not answered
     * for yet (pending), refused (failed), or never got because a later price replaced it (superseded).
     */
    public record ChannelSyncCounts(long pending, long synced, long failed, long superseded) {
    }
}
