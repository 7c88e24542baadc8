package dev.calibrate.command.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.CreateSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.DisableSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.EnableSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.ResolveSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.ReviseSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleCreated;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleDisabled;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleEnabled;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleRevised;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleVersion;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.rule.SavedRuleMessages.RecordScheduledRun;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduleRemoved;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduleSet;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunDrafted;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunSkipped;
import dev.calibrate.kernel.rule.SavedRuleMessages.ScheduleSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.ScheduledRunPlan;
import dev.calibrate.kernel.rule.SavedRuleMessages.CheckScheduledPreviewRetry;
import dev.calibrate.kernel.rule.SavedRuleMessages.StartScheduledRun;
import dev.calibrate.kernel.rule.SavedRuleMessages.UnscheduleSavedRule;
import dev.calibrate.kernel.rule.SavedRuleNotFound;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.calibrate.command.InvalidInputMatcher.invalidInputNaming;
import static org.hamcrest.Matchers.containsString;

class SavedRuleTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final TenantId GLOBEX = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-0000000091b0"));
    private static final SavedRuleId ID = new SavedRuleId(UUID.fromString("6a0c1f7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b"));
    private static final Actor ALICE = new Actor("token-alice");
    private static final Actor BOB = new Actor("token-bob");
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final JsonNode TEN_OFF = rule(-10);
    private static final JsonNode TWELVE_OFF = rule(-12);

    private FixtureConfiguration<SavedRule> fixture;

    @BeforeEach
    void fixture() {
        AggregateTestFixture<SavedRule> aggregateFixture = new AggregateTestFixture<>(SavedRule.class);
        fixture = aggregateFixture;
        fixture.registerInjectableResource(new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return aggregateFixture.currentTime();
            }
        });
        fixture.givenCurrentTime(NOW);
    }

    private static JsonNode rule(int percent) {
        return new ObjectMapper().createObjectNode().put("currency", "USD").set("transform",
                new ObjectMapper().createArrayNode().add(new ObjectMapper().createObjectNode()
                        .put("op", "percent").put("value", percent)));
    }

    private static SavedRuleCreated created() {
        return new SavedRuleCreated(ID, ACME, ALICE, "Tees", TEN_OFF, NOW);
    }

    @Test
    void aNewRuleIsVersionOneWithItsNameTrimmed() {
        fixture.givenNoPriorActivity()
                .when(new CreateSavedRule(ID, ACME, ALICE, "  Tees  ", TEN_OFF))
                .expectEvents(created());
    }

    @Test
    void aBlankOrOverlongNameIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateSavedRule(ID, ACME, ALICE, " ", TEN_OFF))
                .expectException(invalidInputNaming("name"));
        fixture.givenNoPriorActivity()
                .when(new CreateSavedRule(ID, ACME, ALICE, "x".repeat(201), TEN_OFF))
                .expectException(invalidInputNaming("name"));
    }

    @Test
    void anEditOfTheLatestVersionIsTheNextVersion() {
        fixture.given(created())
                .when(new ReviseSavedRule(ID, ACME, BOB, 1, "Tees -12", TWELVE_OFF))
                .expectEvents(new SavedRuleRevised(ID, ACME, BOB, 2, "Tees -12", TWELVE_OFF, NOW))
                .expectResultMessagePayload(2);
    }

    @Test
    void anEditOfAnOlderVersionIsStale() {
        fixture.given(created(), new SavedRuleRevised(ID, ACME, BOB, 2, "Tees -12", TWELVE_OFF, NOW))
                .when(new ReviseSavedRule(ID, ACME, ALICE, 1, "Tees -11", TEN_OFF))
                .expectNoEvents()
                .expectException(StaleRuleVersion.class);
    }

    @Test
    void anotherTenantsRuleIsNotFound() {
        fixture.given(created())
                .when(new ReviseSavedRule(ID, GLOBEX, BOB, 1, "Tees -12", TWELVE_OFF))
                .expectException(SavedRuleNotFound.class);
        fixture.given(created())
                .when(new EnableSavedRule(ID, GLOBEX, BOB))
                .expectException(SavedRuleNotFound.class);
        fixture.given(created())
                .when(new ResolveSavedRule(ID, GLOBEX, 1))
                .expectException(SavedRuleNotFound.class);
    }

    @Test
    void enablingAndDisablingAreRecordedOnlyWhenTheyChangeSomething() {
        fixture.given(created())
                .when(new EnableSavedRule(ID, ACME, BOB))
                .expectEvents(new SavedRuleEnabled(ID, ACME, BOB, NOW));
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, BOB, NOW))
                .when(new EnableSavedRule(ID, ACME, BOB))
                .expectNoEvents();
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, BOB, NOW))
                .when(new DisableSavedRule(ID, ACME, ALICE))
                .expectEvents(new SavedRuleDisabled(ID, ACME, ALICE, NOW));
        fixture.given(created())
                .when(new DisableSavedRule(ID, ACME, ALICE))
                .expectNoEvents();
    }

    @Test
    void aVersionResolvesToExactlyWhatItSaidAndWhoSavedItAndNoVersionToTheLatest() {
        SavedRuleRevised second = new SavedRuleRevised(ID, ACME, BOB, 2, "Tees -12", TWELVE_OFF, NOW);
        fixture.given(created(), second)
                .when(new ResolveSavedRule(ID, ACME, 1))
                .expectResultMessagePayload(new SavedRuleVersion(ID, 1, "Tees", TEN_OFF, ALICE));
        fixture.given(created(), second)
                .when(new ResolveSavedRule(ID, ACME, null))
                .expectResultMessagePayload(new SavedRuleVersion(ID, 2, "Tees -12", TWELVE_OFF, BOB));
        fixture.given(created(), second)
                .when(new ResolveSavedRule(ID, ACME, 3))
                .expectException(SavedRuleNotFound.VersionNotFound.class);
    }

    @Test
    void aRevisionPastTheMostVersionsIsAConflict() {
        List<Object> history = new ArrayList<>(List.of(created()));
        for (int version = 2; version <= SavedRule.MAX_VERSIONS; version++) {
            history.add(new SavedRuleRevised(ID, ACME, BOB, version, "Tees", TEN_OFF, NOW));
        }
        fixture.given(history)
                .when(new ReviseSavedRule(ID, ACME, ALICE, SavedRule.MAX_VERSIONS, "Tees", TWELVE_OFF))
                .expectException(TooManyRuleVersions.class)
                .expectExceptionMessage(containsString("save the rule anew"))
                .expectNoEvents();
        fixture.given(history.subList(0, SavedRule.MAX_VERSIONS - 1))
                .when(new ReviseSavedRule(ID, ACME, ALICE, SavedRule.MAX_VERSIONS - 1, "Tees", TWELVE_OFF))
                .expectEvents(new SavedRuleRevised(ID, ACME, ALICE, SavedRule.MAX_VERSIONS, "Tees", TWELVE_OFF, NOW));
    }

    @Test
    void aRuleLargerThanTheMostBytesIsRefusedNamingRule() {
        ObjectNode huge = (ObjectNode) TEN_OFF.deepCopy();
        huge.put("note", "x".repeat(SavedRule.MAX_RULE_BYTES));
        fixture.givenNoPriorActivity()
                .when(new CreateSavedRule(ID, ACME, ALICE, "Tees", huge))
                .expectException(invalidInputNaming("rule"))
                .expectExceptionMessage(containsString("65536 bytes"))
                .expectNoEvents();
        fixture.given(created())
                .when(new ReviseSavedRule(ID, ACME, ALICE, 1, "Tees", huge))
                .expectException(invalidInputNaming("rule"))
                .expectNoEvents();
    }

    // --- the recurring schedule -----------------------------------------------------------

    private static final String CRON = "0 30 2 * * *";
    private static final Instant SLOT = Instant.parse("2026-12-01T01:30:00Z");
    private static final PriceChangeId DRAFT = new PriceChangeId(UUID.fromString("0b7e4c1a-0000-4000-8000-000000000001"));

    private static SavedRuleScheduleSet scheduled() {
        return new SavedRuleScheduleSet(ID, ACME, BOB, CRON, null, NOW);
    }

    @Test
    void settingAScheduleIsRecordedOnlyWhenItChangesSomething() {
        fixture.given(created())
                .when(new ScheduleSavedRule(ID, ACME, BOB, CRON, null))
                .expectEvents(scheduled());
        fixture.given(created(), scheduled())
                .when(new ScheduleSavedRule(ID, ACME, BOB, CRON, null))
                .expectNoEvents();
        fixture.given(created(), scheduled())
                .when(new ScheduleSavedRule(ID, ACME, BOB, CRON, "Nightly"))
                .expectEvents(new SavedRuleScheduleSet(ID, ACME, BOB, CRON, "Nightly", NOW));
        fixture.given(created())
                .when(new UnscheduleSavedRule(ID, ACME, BOB))
                .expectNoEvents();
        fixture.given(created(), scheduled())
                .when(new UnscheduleSavedRule(ID, ACME, BOB))
                .expectEvents(new SavedRuleScheduleRemoved(ID, ACME, BOB, NOW));
        fixture.given(created())
                .when(new ScheduleSavedRule(ID, GLOBEX, BOB, CRON, null))
                .expectException(SavedRuleNotFound.class);
    }

    @Test
    void anEnabledScheduledRuleDraftsFromItsLatestVersionWhoseAuthorIsWhoeverSavedIt() {
        fixture.given(created(), new SavedRuleRevised(ID, ACME, BOB, 2, "Tees -12", TWELVE_OFF, NOW),
                        new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled())
                .when(new StartScheduledRun(ID, ACME, CRON, SLOT))
                .expectNoEvents()
                .expectResultMessagePayload(new ScheduledRunPlan(CRON,
                        new SavedRuleVersion(ID, 2, "Tees -12", TWELVE_OFF, BOB), null, null));
    }

    @Test
    void aDisabledRuleSkipsRecordedOnceAndARemovedOrReplacedScheduleDraftsNothing() {
        fixture.given(created(), scheduled())
                .when(new StartScheduledRun(ID, ACME, CRON, SLOT))
                .expectEvents(new SavedRuleScheduledRunSkipped(ID, ACME, SLOT, SavedRule.DISABLED, NOW))
                .expectResultMessagePayload(new ScheduledRunPlan(CRON, null, null, null));
        fixture.given(created(), scheduled(), new SavedRuleScheduledRunSkipped(ID, ACME, SLOT, SavedRule.DISABLED, NOW))
                .when(new StartScheduledRun(ID, ACME, CRON, SLOT.plusSeconds(86_400)))
                .expectNoEvents();
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled(),
                        new SavedRuleScheduleRemoved(ID, ACME, BOB, NOW))
                .when(new StartScheduledRun(ID, ACME, CRON, SLOT))
                .expectNoEvents()
                .expectResultMessagePayload(new ScheduledRunPlan(null, null, null, null));
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled())
                .when(new StartScheduledRun(ID, ACME, "0 0 3 * * *", SLOT))
                .expectNoEvents()
                .expectResultMessagePayload(new ScheduledRunPlan(CRON, null, null, null));
    }

    @Test
    void aScheduledDraftsPreviewIsRetriedOnlyWhileTheRuleIsEnabledAndScheduledAndTheCheckRecordsNothing() {
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled())
                .when(new CheckScheduledPreviewRetry(ID, ACME))
                .expectNoEvents()
                .expectResultMessagePayload(null);
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled(),
                        new SavedRuleDisabled(ID, ACME, BOB, NOW))
                .when(new CheckScheduledPreviewRetry(ID, ACME))
                .expectNoEvents()
                .expectResultMessagePayload("the rule is disabled");
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled(),
                        new SavedRuleScheduleRemoved(ID, ACME, BOB, NOW))
                .when(new CheckScheduledPreviewRetry(ID, ACME))
                .expectNoEvents()
                .expectResultMessagePayload("the rule has no schedule any more");
    }

    @Test
    void aSlotRunsOnceAndTheNextRunKnowsThePreviousDraft() {
        SavedRuleScheduledRunDrafted drafted = new SavedRuleScheduledRunDrafted(ID, ACME, SLOT, DRAFT, 1, NOW);
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled())
                .when(new RecordScheduledRun(ID, ACME, SLOT, DRAFT, 1, null))
                .expectEvents(drafted);
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled(), drafted)
                .when(new RecordScheduledRun(ID, ACME, SLOT, DRAFT, 1, null))
                .expectNoEvents();
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled(), drafted)
                .when(new StartScheduledRun(ID, ACME, CRON, SLOT))
                .expectResultMessagePayload(new ScheduledRunPlan(CRON, null, null, DRAFT));
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled(), drafted)
                .when(new StartScheduledRun(ID, ACME, CRON, SLOT.plusSeconds(86_400)))
                .expectResultMessagePayload(new ScheduledRunPlan(CRON,
                        new SavedRuleVersion(ID, 1, "Tees", TEN_OFF, ALICE), null, DRAFT));
    }

    @Test
    void aSkipForTheReasonOfTheLastOneRecordsNothingAndAnotherReasonIsRecorded() {
        String inFlight = "the previous scheduled draft " + DRAFT + " is still DRAFT";
        SavedRuleScheduledRunDrafted drafted = new SavedRuleScheduledRunDrafted(ID, ACME, SLOT, DRAFT, 1, NOW);
        SavedRuleScheduledRunSkipped skipped = new SavedRuleScheduledRunSkipped(ID, ACME, SLOT.plusSeconds(3_600),
                inFlight, NOW);
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled(), drafted)
                .when(new RecordScheduledRun(ID, ACME, SLOT.plusSeconds(3_600), null, 0, inFlight))
                .expectEvents(skipped);
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled(), drafted, skipped)
                .when(new RecordScheduledRun(ID, ACME, SLOT.plusSeconds(7_200), null, 0, inFlight))
                .expectNoEvents();
        String submitted = "the previous scheduled draft " + DRAFT + " is still SUBMITTED";
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled(), drafted, skipped)
                .when(new RecordScheduledRun(ID, ACME, SLOT.plusSeconds(7_200), null, 0, submitted))
                .expectEvents(new SavedRuleScheduledRunSkipped(ID, ACME, SLOT.plusSeconds(7_200), submitted, NOW));
    }

    /** A schedule replaced while its run went on: the run plans its next slot from the new cron. */
    @Test
    void recordingARunAnswersTheScheduleTheRuleHasNow() {
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled(),
                        new SavedRuleScheduleSet(ID, ACME, BOB, "0 0 5 * * *", null, NOW))
                .when(new RecordScheduledRun(ID, ACME, SLOT, DRAFT, 1, null))
                .expectResultMessagePayload("0 0 5 * * *");
        fixture.given(created(), new SavedRuleEnabled(ID, ACME, ALICE, NOW), scheduled(),
                        new SavedRuleScheduleRemoved(ID, ACME, BOB, NOW))
                .when(new RecordScheduledRun(ID, ACME, SLOT, null, 0, "the run failed: busy"))
                .expectResultMessagePayload(null);
    }
}
