package dev.calibrate.app.console.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.query.provenance.ProvenanceApi.ChannelConfirmation;
import dev.calibrate.query.provenance.ProvenanceApi.CompetitorInput;
import dev.calibrate.query.provenance.ProvenanceApi.OpenDrift;
import dev.calibrate.query.provenance.ProvenanceApi.Origin;
import dev.calibrate.query.provenance.ProvenanceApi.PriceChangeProvenance;
import dev.calibrate.query.provenance.ProvenanceApi.PriceEvent;
import dev.calibrate.query.provenance.ProvenanceApi.PriceProvenance;
import dev.calibrate.query.provenance.ProvenanceApi.SavedRuleUsed;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A price's provenance as the console's "Why this price" page shows it, from the API's answer: what set
 * it, the price change behind it, what each channel made of it, open drifts and the price before.
 * {@code linksKnown}: the live product's links are known; a past price's are those of the details among
 * the events read, which a read stopped at its limit may not reach.
 */
public record ProvenanceView(UUID productId, String currency, String amount, String compareAt, String origin,
                             Event setBy, String source, String ingestRun, Change change, List<Channel> channels,
                             List<Drift> drifts, Previous previous, boolean historyComplete, boolean linksKnown) {

    public record Event(String type, long position, String at, String actor, String eventId) {
    }

    public record Change(UUID id, String name, String action, String author, String approver, String approvedAt,
                         String previewHash, String run, String savedRule, String rule, String cost,
                         List<Competitor> competitors, ExplainView explain) {
    }

    public record Competitor(String source, String price, String observedAt, String age) {
    }

    public record Channel(String channel, String state, String badge, String refs, String at, String reason) {
    }

    public record Drift(String channel, String expected, String actual, String detectedAt, boolean repairRequested) {
    }

    public record Previous(String amount, String origin, Event setBy) {
    }

    static ProvenanceView of(PriceProvenance p, ObjectMapper mapper) {
        String currency = p.currency();
        return new ProvenanceView(p.productId(), currency, Display.money(p.amount(), currency),
                Display.money(p.compareAt(), currency), origin(p.origin()), event(p.setBy()), p.source(),
                p.ingest() == null ? null : p.ingest().correlationId(), change(p.priceChange(), mapper),
                p.channels().stream().map(ProvenanceView::channel).toList(),
                p.openDrifts().stream().map(d -> drift(d, currency)).toList(),
                p.previous() == null ? null : new Previous(Display.money(p.previous().amount(), currency),
                        origin(p.previous().origin()), event(p.previous().setBy())),
                p.historyComplete(), p.at() == null || p.historyComplete());
    }

    // switch expressions over the enums, without a default: a new constant fails to compile here instead
    // of showing as its raw name
    private static String origin(Origin origin) {
        return switch (origin) {
            case OBSERVED -> "Observed";
            case PRICE_CHANGE_APPLY -> "Set by a price change";
            case PRICE_CHANGE_ROLLBACK -> "Restored by a price change's rollback";
        };
    }

    private static Event event(PriceEvent event) {
        return new Event(event.type(), event.position(), Display.at(event.time()), event.actor(), event.eventId());
    }

    private static Change change(PriceChangeProvenance change, ObjectMapper mapper) {
        if (change == null) {
            return null;
        }
        String run = change.run() == null ? null : change.run().kind().toLowerCase(Locale.ROOT) + " started "
                + Display.at(change.run().startedAt())
                + (change.run().finishedAt() == null ? ", not finished" : ", finished " + Display.at(change.run().finishedAt()));
        List<Competitor> competitors = change.inputs() == null ? List.of() : change.inputs().competitors().stream()
                .map(ProvenanceView::competitor).toList();
        return new Change(change.id(), change.name(), change.action(), change.author(), change.approver(),
                Display.at(change.approvedAt()), change.previewHash(), run, savedRule(change.ruleRef()),
                change.rule() == null ? null : change.rule().toPrettyString(),
                change.inputs() == null ? null : change.inputs().cost(), competitors,
                ExplainView.of(change.explain(), mapper));
    }

    /** The saved rule version a change was drafted from: "Summer minus 10 % (version 2)". */
    private static String savedRule(SavedRuleUsed used) {
        if (used == null) {
            return null;
        }
        return (used.name() == null ? "rule " + used.id() : used.name()) + " (version " + used.version() + ")";
    }

    private static Competitor competitor(CompetitorInput input) {
        return new Competitor(input.source(), Display.money(input.price(), input.currency()),
                Display.at(input.observedAt()), age(Duration.parse(input.ageAtPrice())));
    }

    /** How old an observation was when the price was set: "2 h", "3 d". */
    private static String age(Duration age) {
        String ago = Display.age(age);
        return ago.endsWith(" ago") ? ago.substring(0, ago.length() - 4) + " old" : ago;
    }

    private static Channel channel(ChannelConfirmation confirmation) {
        String state = confirmation.state().name();
        String badge = switch (confirmation.state()) {
            case SYNCED -> "ok";
            case FAILED -> "bad";
            case PENDING, SUPERSEDED, NOT_SYNCED -> "warn";
        };
        return new Channel(confirmation.channel(), state.toLowerCase(Locale.ROOT).replace('_', ' '), badge,
                refs(confirmation.refs()), Display.at(confirmation.at()), confirmation.reason());
    }

    private static String refs(Map<String, String> refs) {
        return refs.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static Drift drift(OpenDrift drift, String currency) {
        return new Drift(drift.channel(), Display.money(drift.expected(), currency),
                Display.money(drift.actual(), currency), Display.at(drift.detectedAt()), drift.repairRequested());
    }
}
