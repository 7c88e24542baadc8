package dev.calibrate.query.priorprice;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.priorprice.PriceSpell;
import dev.calibrate.kernel.priorprice.PriorPrice;
import dev.calibrate.kernel.priorprice.PriorPriceMessages.FindPriceHistory;
import dev.calibrate.kernel.priorprice.PriorPriceMessages.PriceHistory;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.PriorPriceRule;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.catalog.PriceHistories;
import dev.calibrate.query.priorprice.PriorPriceReportApi.PriorPriceReport;
import dev.calibrate.query.priorprice.PriorPriceReportApi.PriorPriceReportItem;
import dev.calibrate.query.priorprice.PriorPriceReportApi.Violation;
import dev.calibrate.query.tenant.TenantPriorPriceSettings;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The prior-price compliance report: a page of the products whose price in effect at {@code at} shows a
 * compare-at (keyset over product ids: one index probe per product), each checked against its prior
 * price at the moment the reduction was announced, worked out by {@link PriorPrice} from the page's
 * whole price history up to {@code at} (one statement per page). Run inside the tenant's read scope.
 */
@Component
class PriorPriceReports {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final JdbcTemplate jdbc;
    private final PriceHistories histories;
    private final TenantPriorPriceSettings settings;

    PriorPriceReports(JdbcTemplate jdbc, PriceHistories histories, TenantPriorPriceSettings settings) {
        this.jdbc = jdbc;
        this.histories = histories;
        this.settings = settings;
    }

    PriorPriceReport page(TenantId tenantId, String currency, Instant at, UUID after, int size) {
        TenantPriorPriceSettings.Settings tenant = settings.of(tenantId);
        PriorPriceRule rule = tenant.rule();
        Map<ProductId, String> skus = new LinkedHashMap<>();
        jdbc.query("""
                SELECT v.product_id, v.sku FROM product_view v CROSS JOIN LATERAL (
                    SELECT h.compare_at FROM product_price_history h
                    WHERE h.product_id = v.product_id AND h.currency = ? AND h.valid_from <= ?
                    ORDER BY h.valid_from DESC, h.event_id DESC LIMIT 1) held
                WHERE v.tenant_id = ? AND (CAST(? AS uuid) IS NULL OR v.product_id > ?) AND held.compare_at IS NOT NULL
                ORDER BY v.product_id LIMIT ?""",
                rs -> {
                    skus.put(new ProductId(rs.getObject("product_id", UUID.class)), rs.getString("sku"));
                }, currency, Timestamp.from(at), tenantId.value(), after, after, size + 1);
        List<ProductId> ids = new ArrayList<>(skus.keySet());
        String nextAfter = null;
        if (ids.size() > size) {
            ids = ids.subList(0, size);
            nextAfter = ids.get(size - 1).toString();
        }
        List<PriorPriceReportItem> items = new ArrayList<>();
        if (!ids.isEmpty()) {
            // spells up to and including at: the one set exactly at 'at' is the one shown at 'at'
            Instant until = at.plusNanos(1_000);
            for (PriceHistory history : histories.histories(new FindPriceHistory(tenantId, currency, null, until,
                    java.util.Set.copyOf(ids)))) {
                item(history, skus.get(history.productId()), currency, rule, tenant).ifPresent(items::add);
            }
        }
        int violating = (int) items.stream().filter(i -> !i.violations().isEmpty()).count();
        return new PriorPriceReport(currency, at, rule.covers(currency), rule.windowDays(), rule.progressive(),
                tenant.zone().getId(), violating, items, nextAfter);
    }

    private static Optional<PriorPriceReportItem> item(PriceHistory history, String sku, String currency,
                                                       PriorPriceRule rule, TenantPriorPriceSettings.Settings tenant) {
        List<PriceSpell> spells = history.spells();
        if (spells.isEmpty() || spells.get(spells.size() - 1).compareAt() == null) {
            return Optional.empty();
        }
        PriceSpell shown = spells.get(spells.size() - 1);
        int first = spells.size() - 1;
        if (rule.progressive()) {
            while (first > 0 && spells.get(first - 1).announcesReduction() && shown.announcesReduction()) first--;
        }
        Instant announced = spells.get(first).from();
        int scale = Money.minorUnits(currency);
        Optional<PriorPrice> prior = PriorPrice.of(spells, announced, rule.windowDays(), tenant.zone())
                .map(p -> p.atScale(scale));
        BigDecimal price = shown.amount();
        BigDecimal compareAt = shown.compareAt();
        String advertised = percent(compareAt, price);
        List<Violation> violations = new ArrayList<>();
        String fromPrior = null;
        if (!shown.announcesReduction()) {
            // a compare-at not above the price announces no reduction: nothing to check against the prior price
            fromPrior = prior.map(p -> percent(p.amount(), price)).orElse(null);
        } else if (prior.isEmpty()) {
            violations.add(Violation.NO_PRIOR_PRICE);
        } else {
            BigDecimal amount = prior.get().amount();
            fromPrior = percent(amount, price);
            if (compareAt.compareTo(amount) > 0) violations.add(Violation.COMPARE_AT_ABOVE_PRIOR_PRICE);
            if (!advertised.equals(fromPrior)) violations.add(Violation.REDUCTION_PERCENT_WRONG);
            if (price.compareTo(amount) >= 0 && compareAt.compareTo(price) > 0) {
                violations.add(Violation.NO_GENUINE_REDUCTION);
            }
        }
        return Optional.of(new PriorPriceReportItem(history.productId().toString(), sku, money(price, scale, currency),
                money(compareAt, scale, currency), announced,
                prior.map(p -> money(p.amount(), scale, currency)).orElse(null),
                prior.map(PriorPrice::windowStart).orElse(null), prior.map(PriorPrice::historySince).orElse(null),
                advertised, fromPrior, violations));
    }

    /** The reduction from {@code from} to {@code price} in percent, two decimals rounded down (never overstated). */
    private static String percent(BigDecimal from, BigDecimal price) {
        if (from.signum() <= 0) {
            return "0.00";
        }
        return from.subtract(price).multiply(HUNDRED).divide(from, 2, RoundingMode.DOWN).toPlainString();
    }

    private static Money money(BigDecimal amount, int scale, String currency) {
        return new Money(amount.setScale(scale, RoundingMode.HALF_EVEN), currency);
    }
}
