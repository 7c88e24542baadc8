package dev.calibrate.connectors.amazon;

import dev.calibrate.connectors.amazon.AmazonSyncs.SyncStatus;
import dev.calibrate.connectors.amazon.ListingPrices.Compared;
import dev.calibrate.connectors.amazon.ListingPrices.ComparedOffer;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bodies the Amazon connector takes and answers; requests are validated against their JSON Schemas
 * first. Calibrate is read-only on Amazon, and the answers say so ({@code readOnly}).
 */
public final class AmazonApi {

    private AmazonApi() {
    }

    /** A seller account and its Login with Amazon credentials; the three secrets are stored sealed, never answered. */
    @RequestSchema("AmazonConnection")
    public record AmazonConnection(String sellerId, String region, List<String> marketplaceIds, String clientId,
                                   String clientSecret, String refreshToken) {
    }

    /** The connected seller account as the tenant sees it, without its secrets. */
    public record AmazonConnectionSummary(
            @Schema(example = "A2EXAMPLE1SELLER") String sellerId,
            @Schema(allowableValues = {"na", "eu", "fe"}) String region,
            List<String> marketplaceIds,
            SellerConnection.Status status,
            @Nullable String statusReason,
            Instant connectedAt,
            @Schema(description = "always true: Calibrate never changes anything on Amazon") boolean readOnly) {

        static AmazonConnectionSummary of(SellerConnection connection) {
            return new AmazonConnectionSummary(connection.sellerId(), connection.region().wireName(),
                    connection.marketplaceIds(), connection.status(), connection.statusReason(),
                    connection.connectedAt(), true);
        }
    }

    public record AmazonDisconnection(boolean disconnected) {
    }

    /** Is the connection usable, and when did calls to the Selling Partner API last work (as this node saw them). */
    public record AmazonApiHealth(
            SellerConnection.Status status,
            boolean credentialsValid,
            @Nullable String reason,
            @Nullable Instant lastSuccessAt,
            @Nullable Instant lastFailureAt,
            @Nullable String lastFailure,
            @Schema(allowableValues = {"CLOSED", "OPEN", "HALF_OPEN", "DISABLED", "FORCED_OPEN", "METRICS_ONLY"})
            String circuitBreaker) {

        static AmazonApiHealth of(SellerConnection connection, SpApi.Health api) {
            return new AmazonApiHealth(connection.status(), connection.active(), connection.statusReason(),
                    api.lastSuccessAt(), api.lastFailureAt(), api.lastFailure(), api.circuitBreaker());
        }
    }

    /**
     * The last (or running) listings sync; before the first one only {@code state} is there, as
     * {@code NEVER}. {@code statusUrl} is in the answer to a sync request only.
     */
    public record AmazonSyncReport(
            @Schema(allowableValues = {"NEVER", "QUEUED", "RUNNING", "COMPLETED", "FAILED"}) String state,
            @Nullable Instant requestedAt,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable Integer pages,
            @Nullable Integer listingsSeen,
            @Nullable Integer productsUpserted,
            @Nullable Integer created,
            @Nullable Integer updated,
            @Nullable Integer unchanged,
            @Nullable Integer removed,
            @Nullable List<String> warnings,
            @Nullable String error,
            @Nullable Instant lastSuccessAt,
            @Nullable Instant lastFailureAt,
            @Nullable String statusUrl) {

        static final AmazonSyncReport NEVER = new AmazonSyncReport("NEVER", null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);

        static AmazonSyncReport of(SyncStatus sync) {
            AmazonSyncs.Tally tally = sync.tally();
            return new AmazonSyncReport(sync.state().name(), sync.requestedAt(), sync.startedAt(), sync.finishedAt(),
                    tally.pages(), tally.listings(), tally.created() + tally.updated(), tally.created(),
                    tally.updated(), tally.unchanged(), tally.removed(), sync.warnings(), sync.error(),
                    sync.lastSuccessAt(), sync.lastFailureAt(), null);
        }

        AmazonSyncReport withStatusUrl(String url) {
            return new AmazonSyncReport(state, requestedAt, startedAt, finishedAt, pages, listingsSeen,
                    productsUpserted, created, updated, unchanged, removed, warnings, error, lastSuccessAt,
                    lastFailureAt, url);
        }
    }

    /** {@code GET /api/v1/connectors/amazon/status}. */
    public record AmazonStatusReport(AmazonConnectionSummary connection, boolean readOnly, String readOnlyStatement,
                                     AmazonApiHealth health, AmazonSyncReport sync) {
    }

    /** An amount of money as a decimal string, e.g. {@code "19.99"}, never a JSON number. */
    public record AmazonPrice(@Schema(example = "19.99") String amount, @Schema(example = "USD") String currency) {

        static AmazonPrice of(Money money) {
            return new AmazonPrice(money.amount().toPlainString(), money.currency());
        }
    }

    /** Amazon's offer in one marketplace beside Calibrate's price in its currency. */
    public record AmazonListingOffer(
            String marketplaceId,
            AmazonPrice price,
            @Nullable @Schema(description = "absent when Calibrate has no price in the offer's currency")
            AmazonPrice calibratePrice,
            boolean differs) {

        static AmazonListingOffer of(ComparedOffer offer) {
            return new AmazonListingOffer(offer.offer().marketplaceId(), AmazonPrice.of(offer.offer().price()),
                    offer.calibratePrice() == null ? null : AmazonPrice.of(offer.calibratePrice()), offer.differs());
        }
    }

    /** A linked listing with Amazon's offers as the last sync saw them and Calibrate's prices. */
    public record AmazonListing(
            String sku,
            String productId,
            @Nullable String asin,
            @Nullable String marketplaceId,
            @Nullable String title,
            @Nullable String brand,
            List<AmazonListingOffer> offers,
            @Schema(description = "Calibrate's current price per currency of the offers")
            Map<String, AmazonPrice> calibratePrices,
            boolean differs,
            @Nullable @Schema(description = "what the merchant has to change in Seller Central, when the prices differ")
            String note,
            @Nullable @Schema(description = "when a sync last read the offers") Instant seenAt) {

        static AmazonListing of(Compared compared) {
            AmazonListings.Listing listing = compared.listing();
            Map<String, AmazonPrice> calibratePrices = new LinkedHashMap<>();
            compared.calibratePrices().forEach((currency, price) -> calibratePrices.put(currency, AmazonPrice.of(price)));
            return new AmazonListing(listing.sku(), listing.productId().toString(), listing.asin(),
                    listing.marketplaceId(), listing.title(), listing.brand(),
                    compared.offers().stream().map(AmazonListingOffer::of).toList(), calibratePrices,
                    compared.differs(), compared.note(), listing.seenAt());
        }
    }

    public record AmazonListingPage(List<AmazonListing> items, int page, int size, long total,
                                    @Schema(description = "always true: differing prices are changed by hand")
                                    boolean readOnly) {
    }
}
