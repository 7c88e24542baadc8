package dev.calibrate.query.anomaly;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What GET /api/v1/anomalies answers: a page of products' anomalies, each with its evidence and reason. */
public final class AnomalyApi {

    private AnomalyApi() {
    }

    public enum AnomalyKind {
        PRICE_MOVE("price_move"), BELOW_COST("below_cost"), ABOVE_AVERAGE("above_average"),
        CHANNEL_DRIFT("channel_drift");

        private final String code;

        AnomalyKind(String code) {
            this.code = code;
        }

        @JsonValue
        public String code() {
            return code;
        }

        public static Optional<AnomalyKind> ofCode(String code) {
            return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
        }
    }

    /**
     * The anomalies of one page of the tenant's products (in product id order), between {@code from}
     * (inclusive) and {@code to} (exclusive).
     */
    public record AnomalyPage(
            Instant from, Instant to, List<Anomaly> items,
            @Schema(description = "How many products this page read.") int products,
            @Nullable @Schema(description = "Pass as `after` for the next page of products; absent when this page was not "
                    + "full, so no product is left.")
            UUID nextAfter,
            @Schema(description = "Products whose stream had more events than one request reads: only their most "
                    + "recent events were read, so an older cost or price was not seen.")
            List<UUID> partialHistories) {
    }

    /**
     * One anomaly: what is unusual, how sure ({@code score} for a price move), the events that show it
     * and a sentence that says it plainly.
     */
    public record Anomaly(
            AnomalyKind kind, Severity severity, UUID productId, @Schema(example = "USD") String currency,
            @Schema(description = "When the event that shows it happened.") Instant at,
            @Schema(description = "The price the anomaly is about (a channel's price for a drift).", example = "4.00")
            String amount,
            @Schema(example = "dropped 84 % (25.00 → 4.00 USD), 9× its usual move of 9.3 %") String reason,
            @Nullable @Schema(description = "The modified z-score of a price move.") Double score,
            List<Evidence> evidence) {
    }

    /** An event the anomaly rests on, and the amount it contributes. */
    public record Evidence(
            @Schema(description = "What the event shows: price, previous-price, cost, average-window, "
                    + "calibrate-price or channel-price.", example = "previous-price") String role,
            String eventId, @Schema(description = "The event's global position in the event store.") long position,
            @Schema(description = "The event's sequence number in the product's stream.") long sequence,
            @Schema(example = "ProductPriceChanged") String type, Instant at,
            @Nullable @Schema(example = "25.00") String amount, @Nullable @Schema(example = "USD") String currency) {
    }
}
