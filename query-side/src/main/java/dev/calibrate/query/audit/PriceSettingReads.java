package dev.calibrate.query.audit;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.consistency.ReadTimedOut;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which event set a product's price in a currency at an instant: what price-at answers from (callers check the
 * caller's scopes first). Reads back from the instant, newest first, a page of price-setting events at a time,
 * so however long the product's history a read holds one page; all its pages together get
 * {@code calibrate.price-at.read-timeout} (docs/api.md).
 */
@Component
public class PriceSettingReads {

    /** The events that set a product's price: the read walks only these. */
    private static final List<Class<?>> PRICE_SETTERS = List.of(ProductPriceObserved.class, ProductPriceChanged.class);
    private static final int PAGE = 200;
    /** Every stored event time lies in the years 1 to 9999 (V36): an instant outside them is compared as its end. */
    private static final Instant FIRST_STORABLE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST_STORABLE = Instant.parse("9999-12-31T23:59:59.999999Z");
    private static final String QUERY_CANCELED = "57014";

    private final TenantEventStore events;
    private final Duration readTimeout;

    public PriceSettingReads(TenantEventStore events, @Value("${calibrate.price-at.read-timeout:2s}") Duration readTimeout) {
        if (readTimeout.compareTo(Duration.ofMillis(1)) < 0 || readTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("calibrate.price-at.read-timeout must be 1ms to 1m, not " + readTimeout);
        }
        this.events = events;
        this.readTimeout = readTimeout;
    }

    /**
     * The newest event that set the product's price in {@code currency} at or before {@code at}; null when none did.
     * Read newest first, a page at a time, only the events that set prices: however long the product's history,
     * the request holds one page; all the pages together get {@code readTimeout}.
     */
    public DomainEventMessage<?> setter(TenantId tenantId, ProductId productId, String currency, Instant at) {
        if (at.isBefore(FIRST_STORABLE)) {
            return null;
        }
        Instant bound = at.isAfter(LAST_STORABLE) ? LAST_STORABLE : at;
        long deadline = System.nanoTime() + readTimeout.toNanos();
        long before = Long.MAX_VALUE;
        try {
            while (true) {
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.isNegative() || left.isZero()) {
                    throw new ReadTimedOut(ReadTimedOut.Read.PRICE_AT, readTimeout, null);
                }
                List<DomainEventMessage<?>> page = events.eventsAtOrBefore(tenantId, ProductId.AGGREGATE_TYPE,
                        productId.toString(), PRICE_SETTERS, bound, before, PAGE, left);
                for (DomainEventMessage<?> message : page) {
                    if (!message.getTimestamp().isAfter(at) && price(message.getPayload(), currency).isPresent()) {
                        return message;
                    }
                }
                // product events upcast one to one (RevisionUpcaster), so a short page is the stream's start
                if (page.size() < PAGE) {
                    return null;
                }
                before = page.get(page.size() - 1).getSequenceNumber();
            }
        } catch (DataAccessException e) {
            if (e.getMostSpecificCause() instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                throw new ReadTimedOut(ReadTimedOut.Read.PRICE_AT, readTimeout, e);
            }
            throw e;
        }
    }

    /** A price an event sets, and its compare-at (null when it has none). */
    public record Price(Money amount, Money compareAt) {
    }

    /** The price (and compare-at, maybe null) {@code payload} sets in {@code currency}, if it sets one. */
    public static Optional<Price> price(Object payload, String currency) {
        if (payload instanceof ProductPriceObserved observed && observed.price().currency().equals(currency)) {
            return Optional.of(new Price(observed.price(), observed.compareAt()));
        }
        if (payload instanceof ProductPriceChanged changed && changed.newPrice().currency().equals(currency)) {
            return Optional.of(new Price(changed.newPrice(), changed.newCompareAt()));
        }
        return Optional.empty();
    }
}
