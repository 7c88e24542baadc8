package dev.calibrate.query.provenance;

import dev.calibrate.query.consistency.ReadTimedOut;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.catalog.ProductQueries;
import dev.calibrate.query.catalog.ProductReadApi.ProductSummary;
import dev.calibrate.query.pricechange.PriceChangeItemQueries;
import dev.calibrate.query.pricechange.PriceChangeQueries;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeRuleRef;
import dev.calibrate.query.provenance.ProductStreamWindow.PositionedEvent;
import dev.calibrate.query.provenance.ProductStreamWindow.Window;
import dev.calibrate.query.provenance.PriceSetters.SetPrice;
import dev.calibrate.query.provenance.ProvenanceRejections.NoPrice;
import dev.calibrate.query.provenance.ProvenanceRejections.NotYet;
import dev.calibrate.query.provenance.ProvenanceRejections.SetTooFarBack;
import dev.calibrate.query.provenance.ProvenanceRejections.TooManyAfter;
import dev.calibrate.query.provenance.ProvenanceApi.CompetitorInput;
import dev.calibrate.query.provenance.ProvenanceApi.ExplainInputsView;
import dev.calibrate.query.provenance.ProvenanceApi.Ingest;
import dev.calibrate.query.provenance.ProvenanceApi.Origin;
import dev.calibrate.query.provenance.ProvenanceApi.PreviousPrice;
import dev.calibrate.query.provenance.ProvenanceApi.PriceChangeProvenance;
import dev.calibrate.query.provenance.ProvenanceApi.SavedRuleUsed;
import dev.calibrate.query.provenance.ProvenanceApi.PriceProvenance;
import dev.calibrate.query.provenance.ProvenanceApi.Run;
import dev.calibrate.query.rule.SavedRuleQueries;
import dev.calibrate.query.rule.SavedRuleReadApi.SavedRuleVersionView;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a product has its price in a currency (or had it at an instant), in one answer: the event that
 * set it, found by reading the product's stream backwards from the instant ({@link ProductStreamWindow}),
 * what the events after it say of the channels, the price change behind it from the price change read
 * model, and the price before. Everything is read under the caller's tenant: another tenant's product
 * reads like an unknown one. The REST endpoint, the MCP tool and the console all answer from here.
 */
@Component
public class PriceProvenances {

    private final ProductStreamWindow stream;
    private final TenantScope tenantScope;
    private final PriceChangeQueries priceChanges;
    private final PriceChangeItemQueries items;
    private final ProductQueries products;
    private final ObjectMapper mapper;
    private final SavedRuleQueries savedRules;

    PriceProvenances(ProductStreamWindow stream, TenantScope tenantScope, PriceChangeQueries priceChanges,
                     PriceChangeItemQueries items, ProductQueries products, ObjectMapper mapper,
                     SavedRuleQueries savedRules) {
        this.savedRules = savedRules;
        this.products = products;
        this.stream = stream;
        this.tenantScope = tenantScope;
        this.priceChanges = priceChanges;
        this.items = items;
        this.mapper = mapper;
    }

    /**
     * {@link #of(TenantId, ProductId, String, Instant)} for {@code caller}'s tenant, without the approver's
     * subject (an e-mail) unless the caller is an auditor or on the price team: not every catalog reader's.
     */
    public PriceProvenance of(Caller caller, ProductId productId, String currency, Instant at) {
        PriceProvenance answer = of(caller.tenantId(), productId, currency, at);
        return seesApproverSubject(caller) ? answer : answer.withoutApproverSubject();
    }

    private static boolean seesApproverSubject(Caller caller) {
        return caller.has(Scope.AUDIT_READ) || caller.has(Scope.PRICES_WRITE) || caller.has(Scope.PRICES_APPROVE)
                || caller.has(Scope.PRICES_APPLY);
    }

    /**
     * The provenance of the product's price in {@code currency} at {@code at} (null: the live price).
     *
     * @throws ProductNotFound   no product of the tenant has this id
     * @throws NotYet            the product had no event yet at {@code at}
     * @throws NoPrice           the product had no price in {@code currency} at {@code at}
     * @throws SetTooFarBack     the price was set more than {@link ProductStreamWindow#MAX_EVENTS} events back
     * @throws TooManyAfter      more than {@link ProductStreamWindow#MAX_EVENTS} events follow {@code at}
     * @throws ReadTimedOut reading the stream took longer than the statement timeout
     */
    public PriceProvenance of(TenantId tenantId, ProductId productId, String currency, Instant at) {
        // the live product says which currencies it is priced in and where it is linked, however old the
        // events that said so; a product the read model does not hold yet is left to its stream. The read
        // model may lag the stream (a price just set), so its word decides only what the stream cannot
        Optional<ProductSummary> live = at == null
                ? tenantScope.read(tenantId, () -> products.summary(productId)) : Optional.empty();
        boolean pricedNow = live.map(product -> product.prices().stream()
                .anyMatch(price -> price.currency().equals(currency))).orElse(true);
        Window window = stream.read(tenantId, productId, at, read -> traced(read, currency));
        List<PositionedEvent> oldestFirst = new ArrayList<>(window.newestFirst());
        Collections.reverse(oldestFirst);
        if (oldestFirst.isEmpty() && !window.complete()) {
            // every row read was after `at`: the scan stops at the limit rather than walk the rest
            throw new TooManyAfter(productId, at);
        }
        if (oldestFirst.isEmpty()) {
            Instant first = stream.firstEventTime(tenantId, productId).orElseThrow(ProductNotFound::new);
            throw new NotYet(productId, at, first);
        }
        int setterIndex = -1;
        for (int i = oldestFirst.size() - 1; i >= 0 && setterIndex < 0; i--) {
            if (PriceSetters.price(oldestFirst.get(i), currency).isPresent()) {
                setterIndex = i;
            }
        }
        if (setterIndex < 0) {
            if (window.complete() || !pricedNow) {
                throw new NoPrice(productId, currency, at);
            }
            throw new SetTooFarBack(productId, currency, at);
        }
        SetPrice setter = PriceSetters.price(oldestFirst.get(setterIndex), currency).orElseThrow();
        PositionedEvent event = setter.event();
        Ingest ingest = setter.origin() == Origin.OBSERVED ? new Ingest(setter.source(),
                PriceSetters.metadata(event.message(), MetadataKeys.ACTOR),
                PriceSetters.metadata(event.message(), MetadataKeys.CORRELATION_ID),
                PriceSetters.metadata(event.message(), MetadataKeys.REQUEST_ID)) : null;
        return new PriceProvenance(productId.value(), currency, at, PriceSetters.amount(setter.price()),
                PriceSetters.amount(setter.compareAt()), setter.origin(), PriceSetters.describe(event),
                setter.source(), ingest, priceChange(tenantId, productId, setter),
                setter.origin() == Origin.OBSERVED ? List.of()
                        : ChannelTrail.confirmations(oldestFirst, setterIndex, setter, refs(live, oldestFirst)),
                ChannelTrail.openDrifts(oldestFirst, currency), previous(oldestFirst, setterIndex, currency),
                window.complete());
    }

    /**
     * Enough is read once two prices in the currency are (this one and the one before). The channel links
     * are not waited for: a product whose details last changed long ago would be read to the limit; the live
     * price takes them from the product read model, a past one from the details among the events read.
     */
    private static boolean traced(List<PositionedEvent> newestFirst, String currency) {
        int prices = 0;
        for (PositionedEvent event : newestFirst) {
            if (PriceSetters.price(event, currency).isPresent() && ++prices >= 2) {
                return true;
            }
        }
        return false;
    }

    /** The live product's links, else those of the newest details among the events read (none read: none known). */
    private static Map<String, Map<String, String>> refs(Optional<ProductSummary> live,
                                                        List<PositionedEvent> oldestFirst) {
        if (live.isPresent()) {
            return live.get().channelRefs();
        }
        Map<String, Map<String, String>> read = ChannelTrail.channelRefs(oldestFirst);
        return read == null ? Map.of() : read;
    }

    private static PreviousPrice previous(List<PositionedEvent> oldestFirst, int setterIndex, String currency) {
        for (int i = setterIndex - 1; i >= 0; i--) {
            Optional<SetPrice> price = PriceSetters.price(oldestFirst.get(i), currency);
            if (price.isPresent()) {
                SetPrice before = price.get();
                return new PreviousPrice(PriceSetters.amount(before.price()), PriceSetters.amount(before.compareAt()),
                        before.origin(), PriceSetters.describe(before.event()), before.source(),
                        before.priceChangeId() == null ? null : before.priceChangeId().value());
            }
        }
        return null;
    }

    private PriceChangeProvenance priceChange(TenantId tenantId, ProductId productId, SetPrice setter) {
        if (setter.priceChangeId() == null) {
            return null;
        }
        ProductPriceChanged changed = (ProductPriceChanged) setter.event().message().getPayload();
        PriceChangeId id = setter.priceChangeId();
        String action = changed.action().name();
        PriceChangeDetail change = detail(tenantId, id);
        ExplainInputsView inputs = setter.origin() == Origin.PRICE_CHANGE_APPLY
                ? items.explainInputs(tenantId, id, productId, setter.price().currency())
                .map(found -> inputs(found, setter)).orElse(null)
                : null;
        return new PriceChangeProvenance(id.value(), action, change == null ? null : change.name(),
                change == null ? null : change.state(), change == null ? null : change.rule(),
                change == null ? null : savedRule(tenantId, change.ruleRef()),
                change == null ? null : change.previewHash(), change == null ? null : change.author(),
                change == null ? null : change.approver(),
                change == null || change.approval() == null ? null : change.approval().subject(),
                change == null || change.approval() == null ? null : change.approval().selfApproved(),
                change == null ? null : change.approvedAt(), run(change, setter.origin()),
                changed.explain() == null ? null : mapper.valueToTree(changed.explain()), inputs);
    }

    /** The saved rule version a change used, with the name that version had; null for a rule written in. */
    private SavedRuleUsed savedRule(TenantId tenantId, PriceChangeRuleRef ref) {
        if (ref == null) {
            return null;
        }
        String name = tenantScope.read(tenantId, () -> savedRules.version(ref.id(), ref.version()))
                .map(SavedRuleVersionView::name).orElse(null);
        return new SavedRuleUsed(ref.id(), name, ref.version());
    }

    /** The change as its read model has it; null while the read model has not caught up with it. */
    private PriceChangeDetail detail(TenantId tenantId, PriceChangeId id) {
        try {
            return tenantScope.read(tenantId, () -> priceChanges.getWithoutChannelSync(id));
        } catch (NotFound notYetProjected) {
            return null;
        }
    }

    private static Run run(PriceChangeDetail change, Origin origin) {
        if (change == null) {
            return null;
        }
        return origin == Origin.PRICE_CHANGE_ROLLBACK
                ? new Run("ROLLBACK", change.rollbackStartedAt(), change.rolledBackAt(), change.rolledBack(),
                change.rollbackConflicts())
                : new Run("APPLY", change.applyStartedAt(), change.appliedAt(), change.applied(), change.conflicts());
    }

    private static ExplainInputsView inputs(ExplainInputs inputs, SetPrice setter) {
        Instant setAt = setter.event().message().getTimestamp();
        String currency = setter.price().currency();
        List<CompetitorInput> competitors = new ArrayList<>();
        for (ExplainInputs.StepInput step : inputs.steps()) {
            for (ExplainInputs.Seen seen : step.seen()) {
                competitors.add(new CompetitorInput(seen.competitor(), seen.price().toPlainString(), currency,
                        seen.observedAt(), Duration.between(seen.observedAt(), setAt).toString()));
            }
        }
        return new ExplainInputsView(inputs.cost() == null ? null : inputs.cost().toPlainString(),
                inputs.costElsewhere(), inputs.brandFloor() == null ? null : inputs.brandFloor().text(), competitors);
    }
}
