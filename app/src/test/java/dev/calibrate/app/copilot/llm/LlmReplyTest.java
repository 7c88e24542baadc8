package dev.calibrate.app.copilot.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What in a model's reply is taken as the statement; whatever is taken still goes through the guard. */
class LlmReplyTest {

    @Test
    void theFirstFencedBlockIsTheStatement() {
        assertThat(LlmReply.statement("Here you go:\n```sql\nSELECT sku FROM copilot.products\n```\nand also\n"
                + "```sql\nSELECT 2\n```")).contains("SELECT sku FROM copilot.products");
        assertThat(LlmReply.statement("```\nSELECT 1\n```")).contains("SELECT 1");
        assertThat(LlmReply.statement("```SQL SELECT 1```")).contains("SELECT 1");
    }

    @Test
    void aBareStatementIsTakenWholeWithoutItsTrailingSemicolon() {
        assertThat(LlmReply.statement("  SELECT 1;  ")).contains("SELECT 1");
        assertThat(LlmReply.statement("(SELECT 1) UNION (SELECT 2)")).contains("(SELECT 1) UNION (SELECT 2)");
        // a semicolon inside stays, so the guard sees two statements
        assertThat(LlmReply.statement("SELECT 1; DELETE FROM copilot.products;"))
                .contains("SELECT 1; DELETE FROM copilot.products");
    }

    @Test
    void aStatementThatWritesIsStillTakenSoTheGuardRefusesItByItsRule() {
        assertThat(LlmReply.statement("DELETE FROM copilot.products")).contains("DELETE FROM copilot.products");
        assertThat(LlmReply.statement("set role postgres")).contains("set role postgres");
    }

    @Test
    void noStatementWhenTheModelDeclinesSaysNothingOrWritesProse() {
        assertThat(LlmReply.statement("CANNOT_ANSWER")).isEmpty();
        assertThat(LlmReply.statement("```sql\nCANNOT_ANSWER\n```")).isEmpty();
        assertThat(LlmReply.statement(null)).isEmpty();
        assertThat(LlmReply.statement("  ")).isEmpty();
        assertThat(LlmReply.statement("```sql\n```")).isEmpty();
        assertThat(LlmReply.statement("I'm sorry, I can only answer questions about prices.")).isEmpty();
    }
}
