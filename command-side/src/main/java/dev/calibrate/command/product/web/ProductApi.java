package dev.calibrate.command.product.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.money.InvalidMoney;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The bodies the catalog's write endpoints take and answer; requests are checked against their JSON Schemas first. */
public final class ProductApi {

    private ProductApi() {
    }

    /** A product by SKU. Money arrives as decimal strings, never JSON numbers. */
    @RequestSchema("ProductUpsert")
    public record ProductUpsert(String sku, String title, @Nullable String vendor, @Nullable String productType,
                                @Nullable List<String> tags, @Nullable ProductUpsertCost cost, @Nullable Boolean active,
                                @Nullable List<ProductUpsertPrice> prices,
                                @Nullable Map<String, Map<String, String>> channelRefs) {

        static final String SOURCE = "api";

        /** The command; every invalid money field (unknown currency, too many decimals, negative) is collected. */
        UpsertProduct toCommand(TenantId tenantId) {
            List<Violation> violations = new ArrayList<>();
            Money costMoney = cost == null ? null : money(cost.amount(), cost.currency(), "cost.amount", violations);
            List<ObservedPrice> observed = new ArrayList<>();
            List<ProductUpsertPrice> given = prices == null ? List.of() : prices;
            for (int i = 0; i < given.size(); i++) {
                ProductUpsertPrice p = given.get(i);
                String at = "prices[" + i + "]";
                Money price = money(p.amount(), p.currency(), at + ".amount", violations);
                Money compareAt = p.compareAt() == null ? null
                        : money(p.compareAt(), p.currency(), at + ".compareAt", violations);
                if (price != null) {
                    observed.add(new ObservedPrice(price, compareAt));
                }
            }
            if (!violations.isEmpty()) {
                throw new InvalidInput(violations);
            }
            String trimmedSku = sku.trim();
            return new UpsertProduct(ProductId.forSku(tenantId, trimmedSku), tenantId, trimmedSku,
                    new ProductDetails(title.trim(), vendor, productType, tags, costMoney, channelRefs),
                    active, observed, SOURCE);
        }

        private static Money money(String amount, String currency, String field, List<Violation> violations) {
            try {
                Money money = Money.parse(amount, currency, field);
                if (money.isNegative()) {
                    violations.add(new Violation(field, "must not be negative"));
                    return null;
                }
                return money;
            } catch (InvalidMoney e) {
                violations.addAll(e.violations());
                return null;
            }
        }
    }

    public record ProductUpsertCost(String amount, String currency) {
    }

    public record ProductUpsertPrice(String currency, String amount, @Nullable String compareAt) {
    }

    /**
     * Up to 1,000 upserts. The items stay open JSON here: each is checked against ProductUpsert on its
     * own, so a bad item is answered in the results instead of failing the batch.
     */
    @RequestSchema("ProductBatch")
    public record ProductBatch(@Schema(description = "ProductUpsert bodies") List<JsonNode> items) {
    }

    /** What an upsert did; {@code version} is the product's last event sequence number. */
    public record ProductUpsertResult(@Schema(example = "5f0c6f2e-3b1a-4a7e-9c55-0d8e6c2b7a10") String id,
                                      UpsertOutcome outcome, long version) {

        static ProductUpsertResult of(UpsertResult result) {
            return new ProductUpsertResult(result.productId().toString(), result.outcome(), result.version());
        }
    }

    public record ProductBatchResult(long succeeded, long failed, List<ProductBatchItemResult> results) {
    }

    /**
     * One item's answer, by its index in the request: {@code status} is the HTTP status the item would
     * have had alone; a written item names the product, a refused one says why.
     */
    public record ProductBatchItemResult(int index, @Nullable String sku, int status, @Nullable String id,
                                         @Nullable UpsertOutcome outcome, @Nullable Long version,
                                         @Nullable String error, @Nullable List<Violation> errors) {
    }
}
