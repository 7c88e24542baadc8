package dev.calibrate.command.product.price;

import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteResult;
import dev.calibrate.kernel.product.ProductMessages.ProductEvent;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a price change's write (apply or rollback) does to one product, decided from the product's
 * state alone: the one place that decides it, for the {@link dev.calibrate.command.product.Product} aggregate (one command) and for
 * a run's chunk ({@link ProductPriceChunks}, many products at once). Pure: no framework, no I/O; the
 * caller applies the event it answers and returns the outcome.
 */
public final class PriceWrites {

    /** The outcome of a write, and the event that records it; no event when the same write was made before. */
    public record Decision(Optional<ProductEvent> event, PriceWriteOutcome outcome) {

        static Decision repeated(PriceWriteOutcome earlier) {
            return new Decision(Optional.empty(), earlier);
        }

        static Decision recorded(ProductEvent event, PriceWriteOutcome outcome) {
            return new Decision(Optional.of(event), outcome);
        }
    }

    private PriceWrites() {
    }

    /**
     * An apply at {@code at}: the previewed price, unless the price moved since the preview, the product
     * went inactive, or (the tenant enforcing MAP) the price is below the brand floor in force at {@code at}.
     */
    public static Decision apply(ProductId productId, TenantId tenantId, ProductPrices prices, boolean active,
                          SetProductPrice cmd, Instant at) {
        String currency = cmd.newPrice().currency();
        Optional<PriceWriteOutcome> earlier = prices.earlier(cmd.priceChangeId(), RunKind.APPLY, currency);
        if (earlier.isPresent()) {
            return Decision.repeated(earlier.get());
        }
        CurrentPrice current = prices.current(currency);
        String conflict = prices.conflictOf(cmd, active, at);
        if (conflict != null) {
            return Decision.recorded(new ProductPriceChangeConflicted(productId, tenantId, cmd.priceChangeId(),
                    RunKind.APPLY, cmd.expectedPrice(), current == null ? null : current.price(), conflict),
                    new PriceWriteOutcome(PriceWriteResult.CONFLICT, conflict));
        }
        return Decision.recorded(new ProductPriceChanged(productId, tenantId, cmd.priceChangeId(), RunKind.APPLY,
                        current.price(), cmd.newPrice(), current.compareAt(), cmd.newCompareAt(),
                        cmd.explain()),
                new PriceWriteOutcome(PriceWriteResult.WRITTEN, null,
                        new ObservedPrice(current.price(), current.compareAt())));
    }

    /**
     * A rollback: puts back the price the change replaced (the command carries it, from the change's
     * run record), unless someone or something set another price since or (the tenant enforcing MAP) it
     * is below the brand floor in force at {@code at}.
     */
    public static Decision revert(ProductId productId, TenantId tenantId, ProductPrices prices, RevertProductPrice cmd,
                           Instant at) {
        String currency = cmd.appliedPrice().currency();
        Optional<PriceWriteOutcome> earlier = prices.earlier(cmd.priceChangeId(), RunKind.ROLLBACK, currency);
        if (earlier.isPresent()) {
            return Decision.repeated(earlier.get());
        }
        CurrentPrice current = prices.current(currency);
        String conflict = prices.conflictOf(cmd, at);
        if (conflict != null) {
            return Decision.recorded(new ProductPriceChangeConflicted(productId, tenantId, cmd.priceChangeId(),
                    RunKind.ROLLBACK, cmd.appliedPrice(), current == null ? null : current.price(), conflict),
                    new PriceWriteOutcome(PriceWriteResult.CONFLICT, conflict));
        }
        ObservedPrice restore = cmd.restore();
        Explain explain = new Explain(List.of(), List.of(new StepTrace("rollback", current.price().amount(),
                restore.price().amount(), "restores the price from before price change " + cmd.priceChangeId())),
                List.of());
        return Decision.recorded(new ProductPriceChanged(productId, tenantId, cmd.priceChangeId(), RunKind.ROLLBACK,
                        current.price(), restore.price(), current.compareAt(), restore.compareAt(), explain),
                new PriceWriteOutcome(PriceWriteResult.WRITTEN, null));
    }
}
