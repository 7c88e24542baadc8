package dev.calibrate.command.competitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.util.List;

/** The bodies the competitor write endpoints take and answer; requests are checked against their JSON Schemas first. */
public final class CompetitorApi {

    private CompetitorApi() {
    }

    @RequestSchema("CompetitorRegistration")
    public record CompetitorRegistration(String name, String domain) {
    }

    /** The competitor as registered: its id follows from the tenant and the (lower-cased) domain. */
    public record RegisteredCompetitor(@Schema(example = "3c9a4a0e-6d1f-4b8e-8f0a-2b7e5c1d9f20") String id,
                                       String name, @Schema(example = "shop.example.com") String domain) {
    }

    /**
     * Up to 5,000 observed prices. The items stay open JSON here: each is checked and answered on its
     * own, so a bad item is reported in the results instead of failing the batch.
     */
    @RequestSchema("CompetitorObservationBatch")
    public record CompetitorObservationBatch(
            @Schema(description = "{sku | productId, price, currency, observedAt, url?, inStock?} each")
            List<JsonNode> observations) {
    }

    /** The batch as recorded: how many items were accepted and rejected, and each item's answer. */
    public record CompetitorObservationBatchResult(String batchId, String competitorId, int accepted, int rejected,
                                                   List<CompetitorObservationResult> results) {
    }

    /**
     * One item's answer, by its index in the request: an accepted item names its product, a rejected one
     * its first problem ({@code field}, {@code error}) and all of them ({@code errors}).
     */
    public record CompetitorObservationResult(int index,
                                              @Schema(allowableValues = {"accepted", "rejected"}) String status,
                                              @Nullable String productId, @Nullable String sku,
                                              @Nullable String field, @Nullable String error,
                                              @Nullable List<Violation> errors) {

        static CompetitorObservationResult accepted(int index, String productId, String sku) {
            return new CompetitorObservationResult(index, "accepted", productId, sku, null, null, null);
        }

        static CompetitorObservationResult rejected(int index, List<Violation> violations) {
            return new CompetitorObservationResult(index, "rejected", null, null, violations.get(0).field(),
                    violations.get(0).message(), violations);
        }
    }
}
