package dev.calibrate.app.copilot;

import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.util.List;

/** The copilot endpoint's bodies; the question is validated against its JSON Schema first. */
public final class CopilotApi {

    private CopilotApi() {
    }

    @RequestSchema("CopilotQuestion")
    public record CopilotQuestion(@Schema(example = "How many active products are there?") String question) {
    }

    /**
     * An answer, or a refusal ({@code refused: true}, with the reason, the rule that refused and example
     * questions). Both are 200: a refusal is an answer about the question, not an error of the request.
     */
    public record CopilotAnswer(
            boolean refused,
            @Schema(description = "one sentence about the result, or why there is none",
                    example = "Number of active products: 42.") String answer,
            @Schema(description = "the statement that ran, as the guard printed it; on a refusal, the one that "
                    + "was refused, if the translator wrote one")
            @Nullable String sql,
            List<String> columns,
            @ArraySchema(schema = @Schema(description = "one row: a value per column (text, number, boolean or "
                    + "null; decimals and instants as text; arrays as arrays)"))
            List<List<Object>> rows,
            @Schema(description = "more rows matched than are shown: the answer stops at 1,000 rows and at "
                    + "calibrate.copilot.max-answer-bytes (2 MB); a value over calibrate.copilot.max-value-bytes "
                    + "(4 KB) is cut and ends with …[cut]") boolean truncated,
            @Schema(description = "the copilot views the statement read", example = "[\"products\"]")
            List<String> sources,
            @Schema(description = "what turned the question into SQL: embedded, or llm (on a refusal, the last "
                    + "translator asked)", example = "embedded") String translator,
            @Schema(description = "the language model behind the translator; null for the embedded one",
                    example = "gpt-4o-mini") @Nullable String model,
            @Schema(description = "on a refusal, why") @Nullable String reason,
            @Schema(description = "on a refusal, the rule that refused: read-only (the question asks to change "
                    + "something), no-translation, llm-unavailable, one of the guard's (docs/copilot.md), timeout "
                    + "or database") @Nullable String rule,
            @Schema(description = "on a refusal, questions the copilot answers") List<String> examples) {
    }
}
