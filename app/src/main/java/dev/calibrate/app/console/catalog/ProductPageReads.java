package dev.calibrate.app.console.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.console.catalog.ProductPageView.CompetitorPrice;
import dev.calibrate.app.console.catalog.ProductPageView.CurrentPrice;
import dev.calibrate.app.console.catalog.ProductPageView.EventRow;
import dev.calibrate.app.console.catalog.ProductPageView.HistoryRow;
import dev.calibrate.app.console.catalog.ProductPageView.Why;
import dev.calibrate.app.users.UserDirectory;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.message.EventTableUnavailable;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.audit.AuditApi.PriceSettingEvent;
import dev.calibrate.query.audit.AuditApi.StoredProductEvent;
import dev.calibrate.query.audit.PriceAtController;
import dev.calibrate.query.audit.ProductHistoryController;
import dev.calibrate.query.catalog.ProductReadApi.ProductDetail;
import dev.calibrate.query.catalog.ProductReadApi.ProductPrice;
import dev.calibrate.query.catalog.ProductReadApi.ProductPriceHistoryEntry;
import dev.calibrate.query.catalog.ProductReadController;
import dev.calibrate.query.competitor.CompetitorReadController;
import dev.calibrate.query.consistency.ReadTimedOut;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;
import dev.calibrate.query.pricechange.PriceChangeReadController;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a product's page through the API's own read controllers, each only when the caller holds
 * the scope the API asks for it: the product (catalog:read), why each price is what it is (price-at,
 * and the price change it names), competitor prices (competitors:read) and the events (audit:read).
 */
@Component
class ProductPageReads {

    /** The event history shows the newest events; the API's history endpoint has them all. */
    static final int EVENTS_SHOWN = 100;

    private final ProductReadController products;
    private final PriceAtController priceAt;
    private final ProductHistoryController history;
    private final PriceChangeReadController changes;
    private final CompetitorReadController competitors;
    private final UserDirectory directory;
    private final ObjectMapper mapper;
    private final Clock clock;

    ProductPageReads(ProductReadController products, PriceAtController priceAt, ProductHistoryController history,
                     PriceChangeReadController changes, CompetitorReadController competitors,
                     UserDirectory directory, ObjectMapper mapper, Optional<Clock> clock) {
        this.products = products;
        this.priceAt = priceAt;
        this.history = history;
        this.changes = changes;
        this.competitors = competitors;
        this.directory = directory;
        this.mapper = mapper;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    ProductPageView read(Caller caller, UUID id) {
        ProductDetail product = products.get(id, null, caller);
        Instant now = clock.instant();
        Map<UUID, PriceChangeDetail> changesRead = new HashMap<>();
        List<CurrentPrice> prices = product.prices().stream()
                .map(price -> current(caller, id, price, now, changesRead)).toList();
        List<EventRow> events = caller.has(Scope.AUDIT_READ) ? events(caller, id) : null;
        List<String> actors = new ArrayList<>();
        prices.forEach(p -> actors.addAll(Arrays.asList(p.why().actor(), p.why().author(), p.why().approver())));
        if (events != null) {
            events.forEach(e -> actors.add(e.actor()));
        }
        return new ProductPageView(product.id(), product.sku(), product.title(), orEmpty(product.vendor()),
                orEmpty(product.productType()), String.join(", ", product.tags()), product.active(),
                product.cost() == null ? "" : Display.money(product.cost().amount(), product.cost().currency()),
                Display.at(product.createdAt()), Display.at(product.updatedAt()), prices,
                charts(product.priceHistory(), now), historyRows(product.priceHistory()),
                product.priceHistoryTruncated(),
                caller.has(Scope.COMPETITORS_READ) ? competitors(caller, id) : null, events,
                directory.names(caller.tenantId(), actors));
    }

    private CurrentPrice current(Caller caller, UUID productId, ProductPrice price, Instant now,
                                 Map<UUID, PriceChangeDetail> changesRead) {
        PriceSettingEvent setBy = null;
        try {
            setBy = priceAt.priceAt(productId, price.currency(), now.toString(), caller).setBy();
        } catch (Rejection | ReadTimedOut notYet) {
            // the event store has not the price the read model shows (a price set this very instant), the events
            // are not in PostgreSQL's event table (the axonserver profile), or reading back to it took too long:
            // the why panel stays empty
        }
        UUID changeId = changeOf(price.source());
        PriceChangeDetail change = null;
        if (changeId != null && canReadChanges(caller)) {
            change = changesRead.computeIfAbsent(changeId, id -> {
                try {
                    return changes.get(id, null, caller);
                } catch (Rejection gone) {
                    return null;
                }
            });
        }
        Why why = new Why(setBy == null ? null : setBy.type(), setBy == null ? null : Display.at(setBy.timestamp()),
                setBy == null ? null : setBy.actor(), changeId, change == null ? null : change.name(),
                setBy == null ? null : setBy.action(), change == null ? null : change.author(),
                change == null ? null : change.approver(),
                change == null || change.rule() == null ? null : change.rule().toPrettyString(),
                setBy == null ? null : ExplainView.of(setBy.explain(), mapper));
        return new CurrentPrice(price.currency(), price.amount(), orEmpty(price.compareAt()), Display.at(price.since()),
                price.source(), why);
    }

    private static boolean canReadChanges(Caller caller) {
        return caller.has(Scope.PRICES_WRITE) || caller.has(Scope.PRICES_APPROVE) || caller.has(Scope.PRICES_APPLY)
                || caller.has(Scope.AUDIT_READ);
    }

    /** The change a price's source names ({@code price-change:<id>} or {@code rollback:<id>}); null for others. */
    static UUID changeOf(String source) {
        if (source == null) {
            return null;
        }
        int colon = source.indexOf(':');
        String kind = colon < 0 ? "" : source.substring(0, colon);
        if (!kind.equals("price-change") && !kind.equals("rollback")) {
            return null;
        }
        try {
            return UUID.fromString(source.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<PriceChart> charts(List<ProductPriceHistoryEntry> history, Instant now) {
        Map<String, List<ProductPriceHistoryEntry>> byCurrency = new LinkedHashMap<>();
        history.stream().sorted(Comparator.comparing(ProductPriceHistoryEntry::currency)
                        .thenComparing(ProductPriceHistoryEntry::validFrom))
                .forEach(entry -> byCurrency.computeIfAbsent(entry.currency(), c -> new ArrayList<>()).add(entry));
        return byCurrency.entrySet().stream().map(e -> PriceChart.of(e.getKey(), e.getValue(), now)).toList();
    }

    private static List<HistoryRow> historyRows(List<ProductPriceHistoryEntry> history) {
        return history.stream().sorted(Comparator.comparing(ProductPriceHistoryEntry::currency)
                        .thenComparing(ProductPriceHistoryEntry::validFrom, Comparator.reverseOrder()))
                .map(e -> new HistoryRow(e.currency(), e.amount(), orEmpty(e.compareAt()), e.source(),
                        Display.at(e.validFrom()), e.validTo() == null ? "now" : Display.at(e.validTo())))
                .toList();
    }

    private List<CompetitorPrice> competitors(Caller caller, UUID id) {
        return competitors.ofProduct(id, null, null, null, caller).items().stream()
                .map(c -> new CompetitorPrice(c.name(), c.domain(),
                        Display.money(c.price().amount(), c.price().currency()), Display.at(c.observedAt()),
                        Display.age(Duration.ofSeconds(c.ageSeconds())), c.fresh(), c.inStock()))
                .toList();
    }

    /** Null (no panel) where the events are not in PostgreSQL's event table (the axonserver profile). */
    private List<EventRow> events(Caller caller, UUID id) {
        List<StoredProductEvent> newest;
        try {
            newest = history.newest(id, EVENTS_SHOWN, caller);
        } catch (EventTableUnavailable elsewhere) {
            return null;
        }
        List<EventRow> rows = new ArrayList<>(newest.size());
        for (StoredProductEvent event : newest) {
            rows.add(new EventRow(event.sequence(), event.type(), Display.at(event.timestamp()),
                    orEmpty(event.actor()), event.payload().toPrettyString()));
        }
        return rows;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
