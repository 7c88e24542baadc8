package dev.calibrate.command.pricing;

import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantPolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.schemas.SchemaRegistry;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builders shared by the pricing tests. */
public final class Fixtures {

    /** The example rule of PRICING-RULES.md. */
    static final String CONTRACT_EXAMPLE = """
            {'selector': {'all': [
                {'field': 'tags', 'op': 'contains', 'value': 'summer'},
                {'field': 'vendor', 'op': 'in', 'value': ['Acme', 'Bolt']},
                {'field': 'sku', 'op': 'glob', 'value': 'TS-*'},
                {'field': 'price', 'op': 'between', 'value': ['10.00', '50.00']}]},
             'transform': [
                {'op': 'percent', 'value': -15},
                {'op': 'round', 'mode': 'charm', 'ending': '0.99'},
                {'op': 'min_margin', 'percent': 20}],
             'currency': 'USD',
             'compareAt': 'set_to_current'}""";

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final SchemaRegistry SCHEMAS = SchemaRegistry.loadDefault();
    static final RuleParser PARSER = new RuleParser(SCHEMAS);
    public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final TenantId TENANT = new TenantId(java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"));

    private Fixtures() {
    }

    static JsonNode json(String json) {
        try {
            return MAPPER.readTree(json.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** A rule from JSON written with single quotes, validated and parsed as the API would. */
    static Rule rule(String json) {
        return PARSER.parse(json(json));
    }

    /** A rule over the whole catalog in {@code currency} with the given steps (JSON array, single quotes). */
    static Rule everything(String currency, String steps) {
        return rule("{'selector':{'everything':true},'transform':" + steps + ",'currency':'" + currency + "'}");
    }

    static Money money(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    public static ItemBuilder item(String sku) {
        return new ItemBuilder(sku);
    }

    static EvaluationResult.ItemResult only(EvaluationResult result) {
        org.assertj.core.api.Assertions.assertThat(result.items()).hasSize(1);
        return result.items().get(0);
    }

    static EvaluationResult evaluate(Rule rule, CatalogItem... items) {
        return new PricingEngine().evaluate(rule, TenantPolicy.unrestricted(), List.of(items),
                CompetitorObservations.none(), NOW);
    }

    public static final class ItemBuilder {
        private final String sku;
        private String title = "A product";
        private String vendor;
        private String productType;
        private List<String> tags = List.of();
        private Set<String> channels = new HashSet<>();
        private boolean active = true;
        private Money cost;
        private final Map<String, Money> prices = new HashMap<>();
        private final Map<String, Money> compareAt = new HashMap<>();
        private final Map<String, BrandFloors> brandFloors = new HashMap<>();

        ItemBuilder(String sku) {
            this.sku = sku;
        }

        public ItemBuilder title(String title) { this.title = title; return this; }
        public ItemBuilder vendor(String vendor) { this.vendor = vendor; return this; }
        public ItemBuilder productType(String productType) { this.productType = productType; return this; }
        public ItemBuilder tags(String... tags) { this.tags = List.of(tags); return this; }
        public ItemBuilder channels(String... channels) { this.channels = Set.of(channels); return this; }
        public ItemBuilder inactive() { this.active = false; return this; }
        public ItemBuilder cost(String amount, String currency) { this.cost = money(amount, currency); return this; }
        public ItemBuilder map(String amount, String currency) {
            BrandFloors f = brandFloors.get(currency);
            brandFloors.put(currency, f == null ? new BrandFloors(money(amount, currency), null, null, null, null)
                    : new BrandFloors(money(amount, currency), f.pmap(), f.pmapFrom(), f.pmapUntil(), f.lrp()));
            return this;
        }

        public ItemBuilder pmap(String amount, String currency, java.time.Instant from, java.time.Instant until) {
            BrandFloors f = brandFloors.get(currency);
            brandFloors.put(currency, new BrandFloors(f == null ? null : f.map(), money(amount, currency), from, until,
                    f == null ? null : f.lrp()));
            return this;
        }

        public ItemBuilder lrp(String amount, String currency) {
            BrandFloors f = brandFloors.get(currency);
            brandFloors.put(currency, f == null ? new BrandFloors(null, null, null, null, money(amount, currency))
                    : new BrandFloors(f.map(), f.pmap(), f.pmapFrom(), f.pmapUntil(), money(amount, currency)));
            return this;
        }

        public ItemBuilder price(String amount, String currency) {
            prices.put(currency, money(amount, currency));
            return this;
        }

        public ItemBuilder compareAt(String amount, String currency) {
            compareAt.put(currency, money(amount, currency));
            return this;
        }

        public ItemBuilder usd(String amount) {
            return price(amount, "USD");
        }

        ProductId id() {
            return ProductId.forSku(TENANT, sku);
        }

        public CatalogItem build() {
            return new CatalogItem(id(), sku, title, vendor, productType, tags, channels, active, cost,
                    prices, compareAt, brandFloors);
        }
    }
}
