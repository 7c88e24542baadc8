package dev.calibrate.app.copilot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.copilot.database.CopilotExecutor;
import dev.calibrate.app.copilot.database.ResultTable;
import dev.calibrate.app.copilot.guard.SqlGuard;
import dev.calibrate.app.copilot.translate.EmbeddedTranslator;
import dev.calibrate.app.copilot.translate.Translation;
import dev.calibrate.app.copilot.translate.TranslatorFailed;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded translator scored on copilot/golden.json: each question goes through the translator, the
 * guard and the executor over a seeded tenant, and its result set (the columns the entry names, in order
 * when it says so) is compared with the expected one. At least 90% must match, and at most 2% of the
 * answerable questions may be refused; the questions it must refuse are refused.
 */
class GoldenSetTest extends IntegrationTest {

    /** Asks at the instant the seeding ended (see {@link #translate}), never at the real clock's later one. */
    private EmbeddedTranslator translator;
    @Autowired
    CopilotExecutor executor;
    @Autowired
    CopilotSettings settings;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void answersAtLeastNinetyPercentOfTheGoldenSetCorrectly() throws IOException {
        CopilotSeed.neighbourWithChannels(api, new StoredEvents(eventStore, positions, jdbc));
        CopilotSeed.Golden seeded = CopilotSeed.goldenWithChannels(api, new StoredEvents(eventStore, positions, jdbc),
                executor);
        // "today" and "this week" are the seed's: a run that crosses midnight UTC after seeding gives the same answers
        translator = new EmbeddedTranslator(Clock.fixed(Instant.now(), ZoneOffset.UTC));
        Api.TenantToken golden = seeded.manager();
        TenantId tenant = new TenantId(UUID.fromString(golden.tenantId()));
        SqlGuard guard = new SqlGuard(settings.maxRows());
        JsonNode set = goldenSet();

        List<String> wrong = new ArrayList<>();
        int refused = 0;
        int total = 0;
        for (JsonNode entry : set.get("questions")) {
            total++;
            String question = entry.get("question").asText().replace("{author}", golden.tokenId())
                    .replace("{approver}", seeded.approver().tokenId());
            Optional<Translation> translation = translate(question);
            if (translation.isEmpty()) {
                refused++;
                wrong.add(question + ": refused");
                continue;
            }
            ResultTable table;
            try {
                table = executor.execute(tenant, guard.check(translation.get().sql()).sql());
            } catch (RuntimeException e) {
                refused++;
                wrong.add(question + ": " + e.getMessage());
                continue;
            }
            List<List<String>> actual = project(table, entry.path("columns"));
            List<List<String>> expected = rows(entry.get("rows"));
            if (!entry.path("ordered").asBoolean(false)) {
                actual.sort(BY_VALUES);
                expected.sort(BY_VALUES);
            }
            if (!actual.equals(expected)) {
                wrong.add(question + ": expected " + expected + " but was " + actual);
            }
        }

        System.out.printf("golden set: %d of %d answered correctly, %d refused; wrong: %s%n", total - wrong.size(),
                total, refused, wrong);
        assertThat(total).isGreaterThanOrEqualTo(40);
        assertThat((total - wrong.size()) * 100 / total).as("score; wrong: %s", wrong).isGreaterThanOrEqualTo(90);
        assertThat(refused * 100.0 / total).as("wrongly refused; wrong: %s", wrong).isLessThanOrEqualTo(2.0);
        for (JsonNode question : set.get("refused")) {
            assertThat(translate(question.asText())).as(question.asText()).isEmpty();
        }
    }

    /** The translation, or empty when the translator refused, saying why or not. */
    private Optional<Translation> translate(String question) {
        try {
            return translator.translate(question);
        } catch (TranslatorFailed refused) {
            return Optional.empty();
        }
    }

    private static final Comparator<List<String>> BY_VALUES = (a, b) -> String.join("\u0000", a)
            .compareTo(String.join("\u0000", b));

    private static List<List<String>> project(ResultTable table, JsonNode columns) {
        List<Integer> indexes = new ArrayList<>();
        if (columns.isMissingNode()) {
            for (int i = 0; i < table.columns().size(); i++) indexes.add(i);
        } else {
            for (JsonNode column : columns) {
                int index = table.columns().indexOf(column.asText());
                assertThat(index).as("column %s of %s", column.asText(), table.columns()).isNotNegative();
                indexes.add(index);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            List<String> values = new ArrayList<>();
            indexes.forEach(i -> values.add(String.valueOf(row.get(i))));
            rows.add(values);
        }
        return rows;
    }

    private static List<List<String>> rows(JsonNode rows) {
        List<List<String>> list = new ArrayList<>();
        for (JsonNode row : rows) {
            List<String> values = new ArrayList<>();
            row.forEach(v -> values.add(v.asText()));
            list.add(values);
        }
        return list;
    }

    private JsonNode goldenSet() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/copilot/golden.json")) {
            return mapper.readTree(in);
        }
    }
}
