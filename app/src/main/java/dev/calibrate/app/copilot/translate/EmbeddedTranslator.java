package dev.calibrate.app.copilot.translate;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The default translator: no network, no model, the same SQL for the same question. Each family of
 * questions (products, prices, price changes and their items, channels and drifts, competitors) is a set
 * of patterns over the question's text that fills in a statement over the copilot views. A family answers
 * only when it accounted for every word of the question but the ones that carry no condition (see
 * {@link Question}): "How many products are below cost?" is not "How many products?". The first family that
 * answers that way answers; a question none answers is refused with examples, never answered more broadly.
 */
@Component
public class EmbeddedTranslator implements Translator {

    /** Questions it answers, shown with a refusal. */
    public static final List<String> EXAMPLES = List.of(
            "How many active products are there?",
            "List products by vendor Acme tagged summer",
            "Top 5 most expensive products in EUR",
            "What is the price of SKU TS-1?",
            "Which price changes are pending approval?",
            "Price changes drafted by alice",
            "Blocked items in price change \"Summer sale\"",
            "Products cheaper than 20 USD",
            "Price changes approved by alice",
            "Price changes since 2026-11-01",
            "Biggest price increases in the last 30 days",
            "Channel sync failures",
            "Open drifts",
            "Products where a competitor is cheaper",
            "How did the price of TS-1 change last month?",
            "Biggest price decreases this week",
            "Anomalies in the last 30 days",
            "Which prices are below cost?");

    private final List<Function<Question, Optional<Translation>>> families;

    /** @param clock "now" for calendar periods ("yesterday", "last month"), read once per question */
    public EmbeddedTranslator(Clock clock) {
        this.families = List.of(
                PriceChangeQuestions::items,
                question -> PriceChangeQuestions.changes(question, clock),
                ChannelQuestions::syncFailures,
                ChannelQuestions::drifts,
                ChannelQuestions::competitors,
                question -> AnomalyQuestions.anomalies(question, clock),
                question -> PriceQuestions.moves(question, clock),
                PriceQuestions::topN,
                question -> PriceQuestions.priceOf(question, clock),
                ProductQuestions::products);
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Optional<String> model() {
        return Optional.empty();
    }

    @Override
    public Optional<Translation> translate(String question) {
        String normalized = question.strip().replaceAll("\\s+", " ").replaceAll("[?.!]+$", "")
                .replace('\u2018', '\'').replace('\u2019', '\'').replace('\u201C', '"').replace('\u201D', '"');
        // a question asking to change something: the copilot only reads, so it refuses rather than list what it names
        if (ChangeRequests.asksToChange(normalized)) {
            return Optional.empty();
        }
        for (Function<Question, Optional<Translation>> family : families) {
            Question read = new Question(normalized);
            Optional<Translation> translation = family.apply(read);
            // a word the family did not account for is a condition its SQL would drop: that answer is a guess
            if (translation.isPresent() && read.leftover().isEmpty()) {
                return translation;
            }
        }
        return Optional.empty();
    }
}
