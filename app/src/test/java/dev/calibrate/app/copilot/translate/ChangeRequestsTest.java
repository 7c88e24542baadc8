package dev.calibrate.app.copilot.translate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** An order to change something is recognised by how the question opens, not by a word anywhere in it. */
class ChangeRequestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"Set the price of TS-1 to 10", "Delete every drift", "drop the products table",
            "Update the price of TS-1", "Please delete the drift on TS-1", "Can you update TS-1 to 12 EUR?",
            "Could you please roll back the summer sale", "Approve 'Tees -15%'", "Apply the summer sale",
            "Change the vendor of TS-1", "Remove the tag summer from TS-1"})
    void ordersToChangeSomething(String question) {
        assertThat(ChangeRequests.asksToChange(question)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"When was the last price update?", "Who can delete drifts?",
            "Which products were created this week?", "How many drifts were removed?",
            "Price changes that were approved", "Update history of TS-1", "Which price changes can I apply?"})
    void questionsThatOnlyMentionAChange(String question) {
        assertThat(ChangeRequests.asksToChange(question)).isFalse();
    }
}
