package dev.calibrate.app.copilot.translate;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The default translator: no network, no model, the same SQL for the same question. Each family of
 * questions (products, prices, price changes and their items, channels and drifts, competitors) is a set
 * of patterns over the question's text that fills in a statement over the copilot views; the first family
 * that recognises the question answers it, and a question none recognises is refused with examples.
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
            "Channel sync failures",
            "Open drifts",
            "Products where a competitor is cheaper");

    private final List<Function<String, Optional<Translation>>> families = List.of(
            PriceChangeQuestions::items,
            PriceChangeQuestions::changes,
            ChannelQuestions::syncFailures,
            ChannelQuestions::drifts,
            ChannelQuestions::competitors,
            PriceQuestions::topN,
            PriceQuestions::priceOf,
            ProductQuestions::products);

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
        for (Function<String, Optional<Translation>> family : families) {
            Optional<Translation> translation = family.apply(normalized);
            if (translation.isPresent()) {
                return translation;
            }
        }
        return Optional.empty();
    }
}
