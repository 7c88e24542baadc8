package dev.calibrate.app.copilot.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.copilot.guard.SqlGuard;
import dev.calibrate.app.copilot.llm.LlmExamples.Example;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The examples the prompt shows are ours, pass the guard, and are chosen by closeness to the question.
 * (That each also runs on the copilot views is CopilotLlmTest's.)
 */
class LlmExamplesTest {

    private final LlmExamples examples = LlmExamples.load(new ObjectMapper());

    @Test
    void everyExamplePassesTheGuardAsWritten() {
        SqlGuard guard = new SqlGuard(1000);

        assertThat(examples.all()).hasSizeGreaterThanOrEqualTo(15);
        assertThat(new HashSet<>(examples.all().stream().map(Example::question).toList())).hasSameSizeAs(examples.all());
        for (Example example : examples.all()) {
            assertThatCode(() -> guard.check(example.sql())).as(example.question()).doesNotThrowAnyException();
        }
    }

    @Test
    void theClosestExamplesShareTheQuestionsWordsAndColumns() {
        List<Example> cost = examples.closestTo("Which products are priced below their cost?");
        assertThat(cost.get(0).question()).isEqualTo("Which products sell below cost?");

        List<Example> vendor = examples.closestTo("Average price by vendor, in dollars");
        assertThat(vendor.get(0).question()).isEqualTo("What is the average price per vendor in USD?");

        List<Example> competitors = examples.closestTo("Where are competitors out of stock?");
        assertThat(competitors.get(0).question()).isEqualTo("Which competitors were out of stock on something last week?");

        List<Example> rejected = examples.closestTo("Why were price changes rejected?");
        assertThat(rejected.get(0).question()).isEqualTo("Which price changes were rejected, and why?");
    }

    @Test
    void betweenThreeAndFourExamplesTheSameEveryTime() {
        for (String question : List.of("Which products are priced below their cost?", "zzz qqq",
                "What's the weather in Paris?", "", "price price price")) {
            List<Example> chosen = examples.closestTo(question);
            assertThat(chosen).as(question).hasSizeBetween(LlmExamples.MIN, LlmExamples.MAX).doesNotHaveDuplicates();
            assertThat(examples.closestTo(question)).isEqualTo(chosen);
        }
        // nothing in common with any example: the first ones, in the file's order
        assertThat(examples.closestTo("zzz qqq")).containsExactlyElementsOf(examples.all().subList(0, LlmExamples.MIN));
    }

    @Test
    void wordsAreLowerCasedSingularAndSplitAtUnderscores() {
        assertThat(LlmExamples.words("Which PRICES of cost_amount, products?"))
                .containsExactly("price", "cost", "amount", "product");
    }
}
