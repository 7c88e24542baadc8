package dev.calibrate.command.product.floors;

import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;

/** The bodies the brand-floor endpoints take and answer; amounts are decimal strings in the path's currency. */
public final class BrandFloorApi {

    private BrandFloorApi() {
    }

    /**
     * A product's brand floors in one currency, replacing the ones it had there: at least one of
     * {@code map}, {@code pmap} and {@code lrp}.
     */
    @RequestSchema("BrandFloorsUpdate")
    public record BrandFloorsUpdate(@Nullable @Schema(example = "19.99") String map,
                                    @Nullable PromotionalMap pmap,
                                    @Nullable @Schema(example = "21.00") String lrp) {
    }

    /** A promotional MAP, in force from {@code from} (included) until {@code until} (excluded). */
    public record PromotionalMap(@Schema(example = "17.99") String amount,
                                 @Schema(example = "2026-11-27T00:00:00Z") String from,
                                 @Schema(example = "2026-12-01T00:00:00Z") String until) {
    }

    /** The floors a product now has in a currency. */
    public record BrandFloorsView(String productId, String currency, @Nullable String map, @Nullable String pmap,
                                  @Nullable Instant pmapFrom, @Nullable Instant pmapUntil, @Nullable String lrp) {

        static BrandFloorsView of(ProductId productId, BrandFloors floors) {
            return new BrandFloorsView(productId.toString(), floors.currency(),
                    floors.map() == null ? null : floors.map().amount().toPlainString(),
                    floors.pmap() == null ? null : floors.pmap().amount().toPlainString(), floors.pmapFrom(),
                    floors.pmapUntil(), floors.lrp() == null ? null : floors.lrp().amount().toPlainString());
        }
    }

    /** What an import did: the rows it read and the products whose floors changed (a row equal to the floors held changes none). */
    public record BrandFloorImportResult(int rows, int changed) {
    }
}
