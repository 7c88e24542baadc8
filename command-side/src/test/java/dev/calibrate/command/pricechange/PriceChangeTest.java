package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.calibrate.command.pricechange.PreviewCalculator.Computed;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.command.pricing.CompetitorObservations;
import dev.calibrate.command.pricing.compiled.CompiledRule;
import dev.calibrate.command.catalog.CatalogColumnsOf;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.PricingEngine;
import dev.calibrate.command.pricing.Rule;
import dev.calibrate.command.pricing.Selector;
import dev.calibrate.command.pricing.Step;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.command.pricechange.PreviewCommands.RecordPreview;
import dev.calibrate.command.pricechange.PreviewCommands.StartPreview;
import dev.calibrate.command.pricechange.PriceChangeRejections.IllegalTransition;
import dev.calibrate.command.pricechange.PriceChangeRejections.PriceChangeConflict;
import dev.calibrate.command.pricechange.PriceChangeRejections.ScheduledDraftApprovalForbidden;
import dev.calibrate.command.pricechange.PriceChangeRejections.SelfApprovalForbidden;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ApplyPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunRetried;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunFailed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunAbandoned;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RetryPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FailPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FindPriceChangeState;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.AbandonPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ApprovePriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.CancelPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.DraftPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.EditPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FinishPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewRecorded;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewSummary;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeCancelled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ItemEdit;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ItemEditAction;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRejected;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeScheduled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeSubmitted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RejectPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.SubmitPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.rule.RuleRef;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.calibrate.command.InvalidInputMatcher.invalidInputNaming;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger.EXPIRY;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger.MANUAL;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.APPLY;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.ROLLBACK;
import static dev.calibrate.kernel.pricechange.PriceChangeState.ABANDONED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.APPLIED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.APPLYING;
import static dev.calibrate.kernel.pricechange.PriceChangeState.APPROVED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.DRAFT;
import static dev.calibrate.kernel.pricechange.PriceChangeState.EXPIRED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.FAILED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.PREVIEWED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.ROLLED_BACK;
import static dev.calibrate.kernel.pricechange.PriceChangeState.ROLLING_BACK;
import static dev.calibrate.kernel.pricechange.PriceChangeState.SCHEDULED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

class PriceChangeTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final TenantId GLOBEX = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-0000000091b0"));
    private static final PriceChangeId ID = new PriceChangeId(UUID.fromString("9c4a0000-0000-4000-8000-00000000c4a1"));
    private static final Actor ALICE = new Actor("token-alice");
    private static final Actor BOB = new Actor("token-bob");

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Instant SCHEDULE_AT = NOW.plus(Duration.ofDays(2));
    private static final Instant EXPIRES_AT = NOW.plus(Duration.ofDays(9));

    private static final JsonNode RULE = rule("-10");
    private static final JsonNode EDITED_RULE = rule("-15");
    private static final Definition NOW_FOREVER = new Definition("Summer sale", RULE, null, null, "shelf clearance");
    private static final Definition SCHEDULED_AND_EXPIRING =
            new Definition("Summer sale", RULE, SCHEDULE_AT, EXPIRES_AT, null);
    private static final Definition EDITED = new Definition("Deeper summer sale", EDITED_RULE, null, null, null);

    private static final String HASH = "sha256:5be1";
    private static final String FAILURE = "IllegalStateException: the product store is unreachable";
    /** Two tokens of one person, and a token of another person. */
    private static final Actor ALICE_LAPTOP = new Actor("token-alice-laptop", "alice@acme.example");
    private static final Actor ALICE_CI = new Actor("token-alice-ci", "alice@acme.example");
    private static final Actor BOB_IN_PERSON = new Actor("token-bob-2", "bob@acme.example");
    private static final String EDITED_HASH = "sha256:e0d1";
    private static final PreviewSummary TWO_CHANGES = new PreviewSummary(3, 2, 1, 0, 0,
            new BigDecimal("-10.00"), new BigDecimal("-10.00"), new BigDecimal("-10.00"));
    private static final PreviewSummary NOTHING_CHANGES = new PreviewSummary(2, 0, 1, 1, 0, null, null, null);

    private FixtureConfiguration<PriceChange> fixture;
    /** What the tenant's policy is at the time of the command; each test may change it. */
    private TenantPolicy policy = TenantPolicy.unrestricted();
    /** The hashes of the previews whose items were stored. */
    private final List<String> stored = new ArrayList<>();
    /** The changes whose preview an edit voided. */
    private final List<PriceChangeId> discarded = new ArrayList<>();

    @BeforeEach
    void setUp() {
        AggregateTestFixture<PriceChange> aggregateFixture = new AggregateTestFixture<>(PriceChange.class);
        fixture = aggregateFixture;
        fixture.registerInjectableResource(simulatedClock(aggregateFixture::currentTime));
        fixture.registerInjectableResource(new PreviewStore() {
            @Override
            public void replace(TenantId tenantId, PriceChangeId id, Computed preview) {
                stored.add(preview.hash());
            }

            @Override
            public void discard(PriceChangeId id) {
                discarded.add(id);
            }
        });
        fixture.registerInjectableResource((TenantPolicies) tenantId -> policy);
        fixture.givenCurrentTime(NOW);
    }

    // --- draft ----------------------------------------------------------------------------

    @Test
    void draftRecordsTheDefinitionItsAuthorAndWhen() {
        fixture.givenNoPriorActivity()
                .when(new DraftPriceChange(ID, ACME, ALICE, NOW_FOREVER))
                .expectEvents(new PriceChangeDrafted(ID, ACME, ALICE, NOW_FOREVER, NOW));
    }

    @Test
    void draftAcceptsAScheduleAndAnExpiryAfterIt() {
        fixture.givenNoPriorActivity()
                .when(new DraftPriceChange(ID, ACME, ALICE, SCHEDULED_AND_EXPIRING))
                .expectEvents(new PriceChangeDrafted(ID, ACME, ALICE, SCHEDULED_AND_EXPIRING, NOW));
    }

    @Test
    void draftAcceptsANameOf200Characters() {
        Definition longest = named("n".repeat(PriceChange.MAX_NAME_LENGTH));

        fixture.givenNoPriorActivity()
                .when(new DraftPriceChange(ID, ACME, ALICE, longest))
                .expectEvents(new PriceChangeDrafted(ID, ACME, ALICE, longest, NOW));
    }

    @Test
    void draftRejectsABlankName() {
        fixture.givenNoPriorActivity()
                .when(new DraftPriceChange(ID, ACME, ALICE, named("  ")))
                .expectException(invalidInputNaming("name"))
                .expectNoEvents();
    }

    @Test
    void draftRejectsAMissingName() {
        fixture.givenNoPriorActivity()
                .when(new DraftPriceChange(ID, ACME, ALICE, named(null)))
                .expectException(invalidInputNaming("name"))
                .expectNoEvents();
    }

    @Test
    void draftRejectsANameLongerThan200Characters() {
        fixture.givenNoPriorActivity()
                .when(new DraftPriceChange(ID, ACME, ALICE, named("n".repeat(PriceChange.MAX_NAME_LENGTH + 1))))
                .expectException(invalidInputNaming("name"))
                .expectNoEvents();
    }

    @Test
    void draftRejectsAnExpiryInThePast() {
        fixture.givenNoPriorActivity()
                .when(new DraftPriceChange(ID, ACME, ALICE, timed(null, NOW.minusSeconds(1))))
                .expectException(invalidInputNaming("expiresAt"))
                .expectNoEvents();
    }

    @Test
    void draftRejectsAnExpiryThatIsNow() {
        fixture.givenNoPriorActivity()
                .when(new DraftPriceChange(ID, ACME, ALICE, timed(null, NOW)))
                .expectException(invalidInputNaming("expiresAt"))
                .expectNoEvents();
    }

    @Test
    void draftRejectsAnExpiryAtTheScheduledTime() {
        fixture.givenNoPriorActivity()
                .when(new DraftPriceChange(ID, ACME, ALICE, timed(SCHEDULE_AT, SCHEDULE_AT)))
                .expectException(invalidInputNaming("expiresAt"))
                .expectNoEvents();
    }

    @Test
    void draftRejectsAnExpiryBeforeTheScheduledTime() {
        fixture.givenNoPriorActivity()
                .when(new DraftPriceChange(ID, ACME, ALICE, timed(SCHEDULE_AT, SCHEDULE_AT.minusSeconds(1))))
                .expectException(invalidInputNaming("expiresAt"))
                .expectNoEvents();
    }

    // --- edit -----------------------------------------------------------------------------

    @Test
    void editOfADraftRecordsTheNewDefinition() {
        fixture.given(drafted())
                .when(new EditPriceChange(ID, ACME, BOB, EDITED))
                .expectEvents(new PriceChangeEdited(ID, ACME, BOB, EDITED, NOW));
    }

    @Test
    void editOfAPreviewedChangeTakesItBackToDraft() {
        fixture.given(drafted(), previewed())
                .when(new EditPriceChange(ID, ACME, BOB, EDITED))
                .expectEvents(new PriceChangeEdited(ID, ACME, BOB, EDITED, NOW));
        assertThat(discarded).containsExactly(ID);
    }

    @Test
    void anEditVoidsThePreviewSoTheChangeCannotBeSubmitted() {
        fixture.given(drafted(), previewed(), edited())
                .when(new SubmitPriceChange(ID, ACME, ALICE))
                .expectException(refusedIn(IllegalTransition.class, DRAFT))
                .expectNoEvents();
    }

    @Test
    void editValidatesTheNewDefinition() {
        fixture.given(drafted(), previewed())
                .when(new EditPriceChange(ID, ACME, BOB, timed(SCHEDULE_AT, SCHEDULE_AT)))
                .expectException(invalidInputNaming("expiresAt"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE, names = {"DRAFT", "PREVIEWED"})
    void editIsRefusedOnceSubmitted(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new EditPriceChange(ID, ACME, BOB, EDITED))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents();
    }

    // --- preview ------------------------------------------------------------------------

    @Test
    void startingAPreviewAnswersTheRuleAndRecordsNothing() {
        fixture.given(drafted())
                .when(new StartPreview(ID, ACME, ALICE))
                .expectNoEvents()
                .expectResultMessagePayload(RULE);
    }

    @Test
    void aPreviewStartsWithTheRuleAsLastEdited() {
        fixture.given(drafted(), previewed(), edited())
                .when(new StartPreview(ID, ACME, ALICE))
                .expectResultMessagePayload(EDITED_RULE);
    }

    @Test
    void recordingAPreviewStoresItsItemsAndRecordsItsHashAndSummary() {
        fixture.given(drafted())
                .when(new RecordPreview(ID, ACME, ALICE, computed(RULE, HASH)))
                .expectEvents(new PriceChangePreviewed(ID, ACME, ALICE, HASH, TWO_CHANGES, NOW))
                .expectResultMessagePayload(new PreviewRecorded(HASH, TWO_CHANGES));
        assertThat(stored).containsExactly(HASH);
    }

    @Test
    void previewAgainReplacesThePreview() {
        fixture.given(drafted(), previewed())
                .when(new RecordPreview(ID, ACME, BOB, computed(RULE, EDITED_HASH)))
                .expectEvents(new PriceChangePreviewed(ID, ACME, BOB, EDITED_HASH, TWO_CHANGES, NOW));
    }

    /** The evaluation runs between the two commands; an edit in between voids it. */
    @Test
    void aPreviewOfTheRuleBeforeAnEditIsRefusedAndNothingIsStored() {
        fixture.given(drafted(), edited())
                .when(new RecordPreview(ID, ACME, ALICE, computed(RULE, HASH)))
                .expectException(refusedIn(PriceChangeConflict.class, DRAFT))
                .expectNoEvents();
        assertThat(stored).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE, names = {"DRAFT", "PREVIEWED"})
    void previewIsRefusedOnceSubmitted(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new StartPreview(ID, ACME, ALICE))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents();
    }

    /** A change submitted while its preview was computed keeps the submitted preview. */
    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE, names = {"DRAFT", "PREVIEWED"})
    void recordingAPreviewIsRefusedOnceSubmitted(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new RecordPreview(ID, ACME, ALICE, computed(RULE, EDITED_HASH)))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents();
        assertThat(stored).isEmpty();
    }

    /** A system retry previews only a DRAFT: it never replaces the preview a person made meanwhile. */
    @Test
    void aDraftOnlyPreviewStartsOnADraft() {
        fixture.given(drafted())
                .when(new StartPreview(ID, ACME, Actor.SYSTEM, true))
                .expectResultMessagePayload(RULE);
    }

    @Test
    void aDraftOnlyPreviewIsRefusedOnceAPersonPreviewed() {
        fixture.given(drafted(), previewed())
                .when(new StartPreview(ID, ACME, Actor.SYSTEM, true))
                .expectException(refusedIn(IllegalTransition.class, PREVIEWED))
                .expectNoEvents();
    }

    /** The race: a person previews while the retry computes; the retry's preview is not recorded over theirs. */
    @Test
    void aDraftOnlyPreviewIsNotRecordedOverAPreviewAPersonMadeWhileItWasComputed() {
        fixture.given(drafted(), previewed())
                .when(new RecordPreview(ID, ACME, Actor.SYSTEM, computed(RULE, EDITED_HASH), true))
                .expectException(refusedIn(IllegalTransition.class, PREVIEWED))
                .expectNoEvents();
        assertThat(stored).isEmpty();
    }

    @Test
    void aDraftOnlyPreviewIsRecordedOnADraft() {
        fixture.given(drafted())
                .when(new RecordPreview(ID, ACME, Actor.SYSTEM, computed(RULE, HASH), true))
                .expectEvents(new PriceChangePreviewed(ID, ACME, Actor.SYSTEM, HASH, TWO_CHANGES, NOW));
        assertThat(stored).containsExactly(HASH);
    }

    private static Computed computed(JsonNode rule, String hash) {
        return new Computed(rule, hash, TWO_CHANGES, new ExplainFrame("USD", List.of(), List.of(), List.of()), List.of(),
                Map.of());
    }

    // --- submit ---------------------------------------------------------------------------

    @Test
    void submitOfAPreviewedChangeRecordsItsPreviewHash() {
        fixture.given(drafted(), previewed())
                .when(new SubmitPriceChange(ID, ACME, ALICE))
                .expectEvents(new PriceChangeSubmitted(ID, ACME, ALICE, HASH, NOW));
    }

    @Test
    void submitWithoutAPreviewIsRefused() {
        fixture.given(drafted())
                .when(new SubmitPriceChange(ID, ACME, ALICE))
                .expectException(refusedIn(IllegalTransition.class, DRAFT))
                .expectNoEvents();
    }

    @Test
    void submitOfAPreviewThatChangesNoPriceIsAConflict() {
        fixture.given(drafted(), previewed(NOTHING_CHANGES))
                .when(new SubmitPriceChange(ID, ACME, ALICE))
                .expectException(refusedIn(PriceChangeConflict.class, PREVIEWED))
                .expectNoEvents();
    }

    @Test
    void submitIsPossibleAgainAfterAPreviewThatChangesSomething() {
        fixture.given(drafted(), previewed(NOTHING_CHANGES), previewed(TWO_CHANGES))
                .when(new SubmitPriceChange(ID, ACME, ALICE))
                .expectEvents(new PriceChangeSubmitted(ID, ACME, ALICE, HASH, NOW));
    }

    @Test
    void submitTwiceIsRefused() {
        fixture.given(drafted(), previewed(), submitted())
                .when(new SubmitPriceChange(ID, ACME, ALICE))
                .expectException(refusedIn(IllegalTransition.class, SUBMITTED))
                .expectNoEvents();
    }

    // --- approve --------------------------------------------------------------------------

    @Test
    void approveByAnotherTokenAgainstTheSubmittedPreview() {
        fixture.given(drafted(), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, BOB, HASH))
                .expectEvents(new PriceChangeApproved(ID, ACME, BOB, HASH, false, NOW));
    }

    /**
     * Previews are hashed over their binary result since version 2 of the hash; a change previewed
     * and submitted under version 1 (a text of every field) keeps its stored hash and approves with it.
     */
    @Test
    void aChangePreviewedUnderTheFormerHashStillApprovesWithIt() {
        Rule rule = new Rule(new Selector.Everything(), List.of(new Step.Percent(new BigDecimal("-10"))), "USD",
                Rule.CompareAt.KEEP);
        List<CatalogItem> catalog = List.of(new CatalogItem(ProductId.forSku(ACME, "MUG"), "MUG", "Mug", "Acme", "mugs",
                List.of(), Set.of(), true, null, Map.of("USD", new Money(new BigDecimal("12.00"), "USD")), Map.of(), null));
        String version1 = new PricingEngine().evaluate(rule, TenantPolicy.unrestricted(), catalog,
                CompetitorObservations.none(), NOW).contentHash();
        String version2 = new CompiledRule(rule, TenantPolicy.unrestricted(), CompetitorObservations.none(), NOW,
                Deadline.NONE).evaluate(CatalogColumnsOf.items(catalog)).contentHash();
        assertThat(version1).as("the same result, hashed the former way").isNotEqualTo(version2).hasSize(64);

        fixture.given(drafted(), new PriceChangePreviewed(ID, ACME, ALICE, version1, TWO_CHANGES, NOW),
                        new PriceChangeSubmitted(ID, ACME, ALICE, version1, NOW))
                .when(new ApprovePriceChange(ID, ACME, BOB, version1))
                .expectEvents(new PriceChangeApproved(ID, ACME, BOB, version1, false, NOW));
    }

    @Test
    void selfApprovalIsForbiddenByDefault() {
        fixture.given(drafted(), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, ALICE, HASH))
                .expectException(SelfApprovalForbidden.class)
                .expectException(kind(Rejection.Kind.FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void selfApprovalIsAllowedWhenTheTenantPolicyAllowsIt() {
        policy = new TenantPolicy(null, null, Map.of(), Map.of(), null, false, true);

        fixture.given(drafted(), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, ALICE, HASH))
                .expectEvents(new PriceChangeApproved(ID, ACME, ALICE, HASH, true, NOW));
    }

    /** Whoever edited the rule shaped the prices too: their approval is a self-approval. */
    @Test
    void whoEditedTheRuleCannotApprove() {
        fixture.given(drafted(), edited(), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, BOB, HASH))
                .expectException(SelfApprovalForbidden.class)
                .expectNoEvents();
    }

    /** The saved rule version's author wrote the change's rule: they cannot approve it, though Alice drafted it. */
    @Test
    void whoSavedTheReferencedRuleVersionCannotApprove() {
        Definition fromBobsRule = new Definition("Summer sale", RULE, null, null, null,
                new RuleRef(new SavedRuleId(UUID.randomUUID()), 3, BOB));
        fixture.given(new PriceChangeDrafted(ID, ACME, ALICE, fromBobsRule, NOW), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, BOB, HASH))
                .expectException(SelfApprovalForbidden.class)
                .expectNoEvents();
    }

    /** An edit that switches to a saved rule version makes its author one of the change's authors too. */
    @Test
    void whoSavedTheRuleVersionAnEditSwitchedToCannotApprove() {
        Actor carol = new Actor("token-carol");
        Definition fromCarolsRule = new Definition("Summer sale", RULE, null, null, null,
                new RuleRef(new SavedRuleId(UUID.randomUUID()), 1, carol));
        fixture.given(drafted(), new PriceChangeEdited(ID, ACME, ALICE, fromCarolsRule, NOW), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, carol, HASH))
                .expectException(SelfApprovalForbidden.class)
                .expectNoEvents();
    }

    @Test
    void itsStateIsAnsweredToItsTenantAndRecordsNothing() {
        fixture.given(drafted(), previewed(), submitted())
                .when(new FindPriceChangeState(ID, ACME))
                .expectNoEvents()
                .expectResultMessagePayload(SUBMITTED);
        fixture.given(drafted())
                .when(new FindPriceChangeState(ID, GLOBEX))
                .expectNoEvents()
                .expectException(NotFound.class);
    }

    /** A saved rule's schedule drafted it from Bob's version: Bob never approves it, though the policy allows self-approval. */
    @Test
    void whoSavedTheVersionAScheduleDraftedFromCannotApproveWhateverThePolicy() {
        policy = new TenantPolicy(null, null, Map.of(), Map.of(), null, false, true);
        Definition fromBobsRule = new Definition("Summer sale (scheduled run)", RULE, null, null, null,
                new RuleRef(new SavedRuleId(UUID.randomUUID()), 2, BOB_IN_PERSON));
        fixture.given(new PriceChangeDrafted(ID, ACME, Actor.SYSTEM, fromBobsRule, NOW), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, new Actor("token-bob-3", "bob@acme.example"), HASH))
                .expectException(ScheduledDraftApprovalForbidden.class)
                .expectException(kind(Rejection.Kind.FORBIDDEN))
                .expectNoEvents();
    }

    /** Who saved an earlier version of the rule did not write the prices of a draft scheduled from a later one. */
    @Test
    void whoSavedAnotherVersionThanTheScheduledDraftsApprovesIt() {
        Definition fromBobsRule = new Definition("Summer sale (scheduled run)", RULE, null, null, null,
                new RuleRef(new SavedRuleId(UUID.randomUUID()), 2, BOB));
        fixture.given(new PriceChangeDrafted(ID, ACME, Actor.SYSTEM, fromBobsRule, NOW), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, ALICE, HASH))
                .expectEvents(new PriceChangeApproved(ID, ACME, ALICE, HASH, false, NOW));
    }

    /** Drafted by a person from Bob's version, the policy's self-approval still applies to Bob, as to any author. */
    @Test
    void whoSavedTheVersionAPersonDraftedFromApprovesWhenThePolicyAllowsSelfApproval() {
        policy = new TenantPolicy(null, null, Map.of(), Map.of(), null, false, true);
        Definition fromBobsRule = new Definition("Summer sale", RULE, null, null, null,
                new RuleRef(new SavedRuleId(UUID.randomUUID()), 3, BOB));
        fixture.given(new PriceChangeDrafted(ID, ACME, ALICE, fromBobsRule, NOW), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, BOB, HASH))
                .expectEvents(new PriceChangeApproved(ID, ACME, BOB, HASH, true, NOW));
    }

    /** Whoever excluded or overrode items set those prices: their approval is a self-approval. */
    @Test
    void whoEditedTheItemsCannotApprove() {
        String edited = "e".repeat(64);
        fixture.given(drafted(), previewed(), submitted(),
                        new PriceChangePreviewEdited(ID, ACME, BOB_IN_PERSON, List.of(new ItemEdit(
                                new ProductId(java.util.UUID.randomUUID()), "TS-1", ItemEditAction.EXCLUDE, null, null,
                                "USD", "SKIPPED", "kept")), HASH, edited, TWO_CHANGES, null, null, NOW),
                        new PriceChangeSubmitted(ID, ACME, ALICE, edited, NOW))
                .when(new ApprovePriceChange(ID, ACME, new Actor("token-bob-3", "bob@acme.example"), edited))
                .expectException(SelfApprovalForbidden.class)
                .expectNoEvents();
    }

    @Test
    void aSecondTokenOfTheAuthorsSubjectCannotApprove() {
        fixture.given(draftedBy(ALICE_LAPTOP), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, ALICE_CI, HASH))
                .expectException(SelfApprovalForbidden.class)
                .expectNoEvents();
    }

    @Test
    void aTokenOfAnotherSubjectApproves() {
        fixture.given(draftedBy(ALICE_LAPTOP), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, BOB_IN_PERSON, HASH))
                .expectEvents(new PriceChangeApproved(ID, ACME, BOB_IN_PERSON, HASH, false, NOW));
    }

    @Test
    void aSecondTokenOfTheAuthorsSubjectApprovesWhenThePolicyAllowsSelfApprovalAndTheRecordSaysSo() {
        policy = new TenantPolicy(null, null, Map.of(), Map.of(), null, false, true);

        fixture.given(draftedBy(ALICE_LAPTOP), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, ALICE_CI, HASH))
                .expectEvents(new PriceChangeApproved(ID, ACME, ALICE_CI, HASH, true, NOW));
    }

    @Test
    void withoutASubjectOnTheApproverTokensAreCompared() {
        fixture.given(draftedBy(ALICE_LAPTOP), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, BOB, HASH))
                .expectEvents(new PriceChangeApproved(ID, ACME, BOB, HASH, false, NOW));
    }

    @Test
    void withoutASubjectOnTheAuthorTokensAreCompared() {
        fixture.given(draftedBy(new Actor("token-alice-ci")), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, ALICE_CI, HASH))
                .expectException(SelfApprovalForbidden.class)
                .expectNoEvents();
    }

    @Test
    void withoutASubjectOnTheAuthorAnotherTokenApprovesEvenOfTheSamePerson() {
        fixture.given(draftedBy(new Actor("token-alice-old")), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, ALICE_CI, HASH))
                .expectEvents(new PriceChangeApproved(ID, ACME, ALICE_CI, HASH, false, NOW));
    }

    @Test
    void approveAgainstAnotherPreviewHashIsAConflict() {
        fixture.given(drafted(), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, BOB, "sha256:0ld"))
                .expectException(refusedIn(PriceChangeConflict.class, SUBMITTED))
                .expectNoEvents();
    }

    @Test
    void approveWithoutAPreviewHashIsAConflict() {
        fixture.given(drafted(), previewed(), submitted())
                .when(new ApprovePriceChange(ID, ACME, BOB, null))
                .expectException(refusedIn(PriceChangeConflict.class, SUBMITTED))
                .expectNoEvents();
    }

    @Test
    void approveTwiceIsRefused() {
        fixture.given(drafted(), previewed(), submitted(), approved())
                .when(new ApprovePriceChange(ID, ACME, BOB, HASH))
                .expectException(refusedIn(IllegalTransition.class, APPROVED))
                .expectNoEvents();
    }

    @Test
    void approveOfAChangeNotSubmittedIsRefused() {
        fixture.given(drafted(), previewed())
                .when(new ApprovePriceChange(ID, ACME, BOB, HASH))
                .expectException(refusedIn(IllegalTransition.class, PREVIEWED))
                .expectNoEvents();
    }

    // --- reject ---------------------------------------------------------------------------

    @Test
    void rejectRecordsTheTrimmedReason() {
        fixture.given(drafted(), previewed(), submitted())
                .when(new RejectPriceChange(ID, ACME, BOB, "  margins too thin "))
                .expectEvents(new PriceChangeRejected(ID, ACME, BOB, "margins too thin", NOW));
    }

    @Test
    void rejectRequiresAReason() {
        fixture.given(drafted(), previewed(), submitted())
                .when(new RejectPriceChange(ID, ACME, BOB, " "))
                .expectException(invalidInputNaming("reason"))
                .expectNoEvents();
    }

    @Test
    void rejectWithoutAnyReasonIsInvalid() {
        fixture.given(drafted(), previewed(), submitted())
                .when(new RejectPriceChange(ID, ACME, BOB, null))
                .expectException(invalidInputNaming("reason"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE, names = "SUBMITTED")
    void rejectIsOnlyPossibleForASubmittedChange(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new RejectPriceChange(ID, ACME, BOB, "margins too thin"))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents();
    }

    // --- cancel ---------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, names = {"DRAFT", "PREVIEWED", "SUBMITTED", "APPROVED", "SCHEDULED"})
    void cancelIsPossibleUntilTheChangeStartsApplying(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new CancelPriceChange(ID, ACME, BOB))
                .expectEvents(new PriceChangeCancelled(ID, ACME, BOB, NOW));
    }

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE,
            names = {"DRAFT", "PREVIEWED", "SUBMITTED", "APPROVED", "SCHEDULED"})
    void cancelIsRefusedOnceTheChangeStartedApplyingOrEnded(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new CancelPriceChange(ID, ACME, BOB))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents();
    }

    // --- apply ----------------------------------------------------------------------------

    @Test
    void applyBeforeScheduleAtSchedulesTheChangeAndADeadlineAtScheduleAt() {
        fixture.given(approvedHistory(SCHEDULED_AND_EXPIRING))
                .when(new ApplyPriceChange(ID, ACME, BOB))
                .expectEvents(new PriceChangeScheduled(ID, ACME, BOB, SCHEDULE_AT, NOW))
                .expectScheduledDeadlineWithName(SCHEDULE_AT, PriceChange.SCHEDULED_APPLY)
                .expectResultMessagePayload(SCHEDULED);
    }

    @Test
    void applyWithoutScheduleAtStartsApplyingNow() {
        fixture.given(approvedHistory(NOW_FOREVER))
                .when(new ApplyPriceChange(ID, ACME, BOB))
                .expectEvents(new PriceChangeApplyStarted(ID, ACME, BOB, NOW))
                .expectNoScheduledDeadlines()
                .expectResultMessagePayload(APPLYING);
    }

    @Test
    void applyAfterScheduleAtHasPassedStartsApplyingNow() {
        fixture.given(approvedHistory(timed(NOW.minus(Duration.ofHours(1)), EXPIRES_AT)))
                .when(new ApplyPriceChange(ID, ACME, BOB))
                .expectEvents(new PriceChangeApplyStarted(ID, ACME, BOB, NOW))
                .expectNoScheduledDeadlines()
                .expectResultMessagePayload(APPLYING);
    }

    @Test
    void applyExactlyAtScheduleAtStartsApplyingNow() {
        fixture.given(approvedHistory(timed(NOW, EXPIRES_AT)))
                .when(new ApplyPriceChange(ID, ACME, BOB))
                .expectEvents(new PriceChangeApplyStarted(ID, ACME, BOB, NOW))
                .expectNoScheduledDeadlines()
                .expectResultMessagePayload(APPLYING);
    }

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE, names = "APPROVED")
    void applyIsOnlyPossibleForAnApprovedChange(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new ApplyPriceChange(ID, ACME, BOB))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void theScheduledDeadlineStartsApplyingAsTheSystemAtScheduleAt() {
        fixture.given(approvedHistory(SCHEDULED_AND_EXPIRING))
                .andGivenCommands(new ApplyPriceChange(ID, ACME, BOB))
                .whenTimeAdvancesTo(SCHEDULE_AT)
                .expectTriggeredDeadlinesWithName(PriceChange.SCHEDULED_APPLY)
                .expectEvents(new PriceChangeApplyStarted(ID, ACME, Actor.SYSTEM, SCHEDULE_AT));
    }

    @Test
    void nothingStartsBeforeScheduleAt() {
        fixture.given(approvedHistory(SCHEDULED_AND_EXPIRING))
                .andGivenCommands(new ApplyPriceChange(ID, ACME, BOB))
                .whenTimeAdvancesTo(SCHEDULE_AT.minusSeconds(1))
                .expectTriggeredDeadlinesWithName()
                .expectNoEvents();
    }

    @Test
    void aCancelledScheduledChangeIgnoresItsDeadline() {
        fixture.given(approvedHistory(SCHEDULED_AND_EXPIRING))
                .andGivenCommands(new ApplyPriceChange(ID, ACME, BOB), new CancelPriceChange(ID, ACME, BOB))
                .whenTimeAdvancesTo(SCHEDULE_AT)
                .expectTriggeredDeadlinesWithName(PriceChange.SCHEDULED_APPLY)
                .expectNoEvents();
    }

    // --- an edit's times are the ones the runs use ----------------------------------------

    private static final Instant EDITED_SCHEDULE_AT = NOW.plus(Duration.ofDays(4));
    private static final Instant EDITED_EXPIRES_AT = NOW.plus(Duration.ofDays(12));

    @Test
    void applyWaitsForTheScheduleAtOfTheEdit() {
        fixture.given(editedAndApproved(NOW_FOREVER, timed(EDITED_SCHEDULE_AT, EDITED_EXPIRES_AT)))
                .when(new ApplyPriceChange(ID, ACME, BOB))
                .expectEvents(new PriceChangeScheduled(ID, ACME, BOB, EDITED_SCHEDULE_AT, NOW))
                .expectScheduledDeadlineWithName(EDITED_SCHEDULE_AT, PriceChange.SCHEDULED_APPLY)
                .expectResultMessagePayload(SCHEDULED);
    }

    @Test
    void anEditToNoScheduleStartsTheChangeNow() {
        fixture.given(editedAndApproved(SCHEDULED_AND_EXPIRING, NOW_FOREVER))
                .when(new ApplyPriceChange(ID, ACME, BOB))
                .expectEvents(new PriceChangeApplyStarted(ID, ACME, BOB, NOW))
                .expectNoScheduledDeadlines()
                .expectResultMessagePayload(APPLYING);
    }

    @Test
    void finishingTheApplyRunSchedulesTheExpiryOfTheEdit() {
        List<Object> history = new ArrayList<>(editedAndApproved(SCHEDULED_AND_EXPIRING,
                timed(null, EDITED_EXPIRES_AT)));
        history.add(applyStarted());

        fixture.given(history)
                .when(new FinishPriceChangeRun(ID, ACME, APPLY, 41, 2))
                .expectEvents(new PriceChangeApplied(ID, ACME, 41, 2, EDITED_EXPIRES_AT, NOW))
                .expectScheduledDeadlineWithName(EDITED_EXPIRES_AT, PriceChange.EXPIRY);
    }

    @Test
    void anEditToNoExpiryLeavesTheAppliedChangeWithoutOne() {
        List<Object> history = new ArrayList<>(editedAndApproved(SCHEDULED_AND_EXPIRING, NOW_FOREVER));
        history.add(applyStarted());

        fixture.given(history)
                .when(new FinishPriceChangeRun(ID, ACME, APPLY, 41, 0))
                .expectEvents(new PriceChangeApplied(ID, ACME, 41, 0, null, NOW))
                .expectNoScheduledDeadlines();
    }

    // --- finishing the apply run, expiry ---------------------------------------------------

    @Test
    void finishingTheApplyRunRecordsTheCountsAndSchedulesTheExpiry() {
        fixture.given(applyingHistory(SCHEDULED_AND_EXPIRING))
                .when(new FinishPriceChangeRun(ID, ACME, APPLY, 41, 2))
                .expectEvents(new PriceChangeApplied(ID, ACME, 41, 2, EXPIRES_AT, NOW))
                .expectScheduledDeadlineWithName(EXPIRES_AT, PriceChange.EXPIRY);
    }

    @Test
    void aChangeWithoutExpiryStaysApplied() {
        fixture.given(applyingHistory(NOW_FOREVER))
                .when(new FinishPriceChangeRun(ID, ACME, APPLY, 41, 0))
                .expectEvents(new PriceChangeApplied(ID, ACME, 41, 0, null, NOW))
                .expectNoScheduledDeadlines();
    }

    @Test
    void anExpiryThatPassedWhileApplyingIsDueAtOnce() {
        Instant passed = NOW.minus(Duration.ofMinutes(5));

        fixture.given(applyingHistory(timed(null, passed)))
                .when(new FinishPriceChangeRun(ID, ACME, APPLY, 41, 0))
                .expectEvents(new PriceChangeApplied(ID, ACME, 41, 0, passed, NOW))
                .expectScheduledDeadlineWithName(NOW, PriceChange.EXPIRY);
    }

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE, names = "APPLYING")
    void finishingAnApplyRunIsOnlyPossibleWhileApplying(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new FinishPriceChangeRun(ID, ACME, APPLY, 41, 0))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void theExpiryDeadlineStartsARollbackAsTheSystem() {
        fixture.given(applyingHistory(SCHEDULED_AND_EXPIRING))
                .andGivenCommands(new FinishPriceChangeRun(ID, ACME, APPLY, 41, 2))
                .whenTimeAdvancesTo(EXPIRES_AT)
                .expectTriggeredDeadlinesWithName(PriceChange.EXPIRY)
                .expectEvents(new PriceChangeRollbackStarted(ID, ACME, Actor.SYSTEM, EXPIRY, EXPIRES_AT));
    }

    @Test
    void aChangeRolledBackByHandIgnoresItsExpiry() {
        fixture.given(applyingHistory(SCHEDULED_AND_EXPIRING))
                .andGivenCommands(new FinishPriceChangeRun(ID, ACME, APPLY, 41, 2),
                        new RollbackPriceChange(ID, ACME, BOB))
                .whenTimeAdvancesTo(EXPIRES_AT)
                .expectTriggeredDeadlinesWithName(PriceChange.EXPIRY)
                .expectNoEvents();
    }

    @Test
    void finishingTheExpiryRollbackEndsTheChangeExpired() {
        fixture.given(historyUpTo(APPLIED))
                .andGiven(rollbackStarted(Actor.SYSTEM, EXPIRY))
                .when(new FinishPriceChangeRun(ID, ACME, ROLLBACK, 40, 1))
                .expectEvents(new PriceChangeRolledBack(ID, ACME, 40, 1, EXPIRY, NOW));
    }

    @Test
    void anExpiredChangeCannotBeRolledBack() {
        fixture.given(historyUpTo(APPLIED))
                .andGiven(rollbackStarted(Actor.SYSTEM, EXPIRY), rolledBack(EXPIRY))
                .when(new RollbackPriceChange(ID, ACME, BOB))
                .expectException(refusedIn(PriceChangeConflict.class, EXPIRED))
                .expectNoEvents();
    }

    // --- rollback -------------------------------------------------------------------------

    @Test
    void rollbackByHandOfAnAppliedChange() {
        fixture.given(historyUpTo(APPLIED))
                .when(new RollbackPriceChange(ID, ACME, BOB))
                .expectEvents(new PriceChangeRollbackStarted(ID, ACME, BOB, MANUAL, NOW));
    }

    @Test
    void finishingAManualRollbackEndsTheChangeRolledBack() {
        fixture.given(historyUpTo(APPLIED))
                .andGiven(rollbackStarted(BOB, MANUAL))
                .when(new FinishPriceChangeRun(ID, ACME, ROLLBACK, 40, 1))
                .expectEvents(new PriceChangeRolledBack(ID, ACME, 40, 1, MANUAL, NOW));
    }

    @Test
    void aRolledBackChangeCannotBeRolledBackAgain() {
        fixture.given(historyUpTo(APPLIED))
                .andGiven(rollbackStarted(BOB, MANUAL), rolledBack(MANUAL))
                .when(new RollbackPriceChange(ID, ACME, BOB))
                .expectException(refusedIn(PriceChangeConflict.class, ROLLED_BACK))
                .expectNoEvents();
    }

    @Test
    void aChangeRollingBackCannotBeRolledBackAgain() {
        fixture.given(historyUpTo(APPLIED))
                .andGiven(rollbackStarted(BOB, MANUAL))
                .when(new RollbackPriceChange(ID, ACME, ALICE))
                .expectException(refusedIn(PriceChangeConflict.class, ROLLING_BACK))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE,
            names = {"APPLIED", "ROLLING_BACK", "ROLLED_BACK", "EXPIRED"})
    void rollbackIsOnlyPossibleForAnAppliedChange(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new RollbackPriceChange(ID, ACME, BOB))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE, names = "ROLLING_BACK")
    void finishingARollbackRunIsOnlyPossibleWhileRollingBack(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new FinishPriceChangeRun(ID, ACME, ROLLBACK, 40, 0))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents();
    }

    // --- tenancy --------------------------------------------------------------------------

    static Stream<Object> commandsOfAnotherTenant() {
        return Stream.of(
                new EditPriceChange(ID, GLOBEX, BOB, EDITED),
                new StartPreview(ID, GLOBEX, BOB),
                new RecordPreview(ID, GLOBEX, BOB, computed(RULE, HASH)),
                new SubmitPriceChange(ID, GLOBEX, BOB),
                new ApprovePriceChange(ID, GLOBEX, BOB, HASH),
                new RejectPriceChange(ID, GLOBEX, BOB, "no"),
                new CancelPriceChange(ID, GLOBEX, BOB),
                new ApplyPriceChange(ID, GLOBEX, BOB),
                new RollbackPriceChange(ID, GLOBEX, BOB),
                new FinishPriceChangeRun(ID, GLOBEX, APPLY, 1, 0),
                new FinishPriceChangeRun(ID, GLOBEX, ROLLBACK, 1, 0),
                new FailPriceChangeRun(ID, GLOBEX, APPLY, 5, FAILURE),
                new RetryPriceChangeRun(ID, GLOBEX, APPLY, Actor.PLATFORM_ADMIN),
                new AbandonPriceChangeRun(ID, GLOBEX, APPLY, Actor.PLATFORM_ADMIN));
    }

    /** Another tenant learns nothing about a change, not even that it exists or what state it is in. */
    @ParameterizedTest
    @MethodSource("commandsOfAnotherTenant")
    void anotherTenantsCommandReadsAsNotFound(Object command) {
        fixture.given(drafted(), previewed(), submitted())
                .when(command)
                .expectException(NotFound.class)
                .expectNoEvents();
    }

    // --- histories ------------------------------------------------------------------------

    /** The events that bring a change (without schedule or expiry) to {@code state}. */
    private static List<Object> historyUpTo(PriceChangeState state) {
        List<Object> events = new ArrayList<>(List.of(drafted()));
        switch (state) {
            case DRAFT -> { }
            case PREVIEWED -> events.add(previewed());
            case SUBMITTED -> events.addAll(List.of(previewed(), submitted()));
            case REJECTED -> events.addAll(List.of(previewed(), submitted(),
                    new PriceChangeRejected(ID, ACME, BOB, "margins too thin", NOW)));
            case APPROVED -> events.addAll(List.of(previewed(), submitted(), approved()));
            case CANCELLED -> events.addAll(List.of(previewed(), submitted(), approved(),
                    new PriceChangeCancelled(ID, ACME, BOB, NOW)));
            case SCHEDULED -> events.addAll(List.of(previewed(), submitted(), approved(),
                    new PriceChangeScheduled(ID, ACME, BOB, SCHEDULE_AT, NOW)));
            case APPLYING -> events.addAll(List.of(previewed(), submitted(), approved(), applyStarted()));
            case APPLIED -> events.addAll(List.of(previewed(), submitted(), approved(), applyStarted(), applied(null)));
            case ROLLING_BACK -> events.addAll(List.of(previewed(), submitted(), approved(), applyStarted(),
                    applied(null), rollbackStarted(BOB, MANUAL)));
            case ROLLED_BACK -> events.addAll(List.of(previewed(), submitted(), approved(), applyStarted(),
                    applied(null), rollbackStarted(BOB, MANUAL), rolledBack(MANUAL)));
            case EXPIRED -> events.addAll(List.of(previewed(), submitted(), approved(), applyStarted(),
                    applied(null), rollbackStarted(Actor.SYSTEM, EXPIRY), rolledBack(EXPIRY)));
            case FAILED -> events.addAll(List.of(previewed(), submitted(), approved(), applyStarted(),
                    runFailed(APPLY)));
            case ABANDONED -> events.addAll(List.of(previewed(), submitted(), approved(), applyStarted(),
                    runFailed(APPLY), new PriceChangeRunAbandoned(ID, ACME, APPLY, Actor.PLATFORM_ADMIN, NOW)));
        }
        return events;
    }

    private static List<Object> approvedHistory(Definition definition) {
        return List.of(new PriceChangeDrafted(ID, ACME, ALICE, definition, NOW), previewed(), submitted(), approved());
    }

    /** Drafted with {@code drafted}, edited to {@code edited}, then previewed, submitted and approved. */
    private static List<Object> editedAndApproved(Definition drafted, Definition edited) {
        return List.of(new PriceChangeDrafted(ID, ACME, ALICE, drafted, NOW),
                new PriceChangeEdited(ID, ACME, BOB, edited, NOW), previewed(), submitted(), approved());
    }

    private static List<Object> applyingHistory(Definition definition) {
        List<Object> events = new ArrayList<>(approvedHistory(definition));
        events.add(applyStarted());
        return events;
    }

    private static PriceChangeDrafted drafted() {
        return new PriceChangeDrafted(ID, ACME, ALICE, NOW_FOREVER, NOW);
    }

    private static PriceChangeDrafted draftedBy(Actor author) {
        return new PriceChangeDrafted(ID, ACME, author, NOW_FOREVER, NOW);
    }

    private static PriceChangeEdited edited() {
        return new PriceChangeEdited(ID, ACME, BOB, EDITED, NOW);
    }

    private static PriceChangePreviewed previewed() {
        return previewed(TWO_CHANGES);
    }

    private static PriceChangePreviewed previewed(PreviewSummary summary) {
        return new PriceChangePreviewed(ID, ACME, ALICE, HASH, summary, NOW);
    }

    private static PriceChangeSubmitted submitted() {
        return new PriceChangeSubmitted(ID, ACME, ALICE, HASH, NOW);
    }

    private static PriceChangeApproved approved() {
        return new PriceChangeApproved(ID, ACME, BOB, HASH, false, NOW);
    }

    private static PriceChangeApplyStarted applyStarted() {
        return new PriceChangeApplyStarted(ID, ACME, BOB, NOW);
    }

    private static PriceChangeApplied applied(Instant expiresAt) {
        return new PriceChangeApplied(ID, ACME, 41, 2, expiresAt, NOW);
    }

    private static PriceChangeRollbackStarted rollbackStarted(Actor by, RollbackTrigger trigger) {
        return new PriceChangeRollbackStarted(ID, ACME, by, trigger, NOW);
    }

    private static PriceChangeRunFailed runFailed(RunKind kind) {
        return new PriceChangeRunFailed(ID, ACME, kind, 5, FAILURE, NOW);
    }

    private static PriceChangeRolledBack rolledBack(RollbackTrigger trigger) {
        return new PriceChangeRolledBack(ID, ACME, 40, 1, trigger, NOW);
    }

    private static Definition named(String name) {
        return new Definition(name, RULE, null, null, null);
    }

    private static Definition timed(Instant scheduleAt, Instant expiresAt) {
        return new Definition("Summer sale", RULE, scheduleAt, expiresAt, null);
    }

    private static JsonNode rule(String percent) {
        var rule = JsonNodeFactory.instance.objectNode();
        rule.putObject("select").putArray("tags").add("summer");
        rule.putArray("transform").addObject().put("op", "percent").put("value", percent);
        return rule;
    }

    // --- runs that keep failing -------------------------------------------------------------

    @Test
    void aRunThatKeepsFailingEndsFailedWithTheReason() {
        fixture.given(applyingHistory(NOW_FOREVER))
                .when(new FailPriceChangeRun(ID, ACME, APPLY, 5, FAILURE))
                .expectEvents(runFailed(APPLY));
    }

    @Test
    void aRollbackThatKeepsFailingEndsFailedToo() {
        fixture.given(historyUpTo(ROLLING_BACK))
                .when(new FailPriceChangeRun(ID, ACME, ROLLBACK, 5, FAILURE))
                .expectEvents(runFailed(ROLLBACK));
    }

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE, names = "APPLYING")
    void onlyARunningApplyCanFail(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new FailPriceChangeRun(ID, ACME, APPLY, 5, FAILURE))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents();
    }

    @Test
    void aFailedRunRetriedRunsAgain() {
        fixture.given(historyUpTo(FAILED))
                .when(new RetryPriceChangeRun(ID, ACME, APPLY, Actor.PLATFORM_ADMIN))
                .expectEvents(new PriceChangeRunRetried(ID, ACME, APPLY, Actor.PLATFORM_ADMIN, NOW));
    }

    @Test
    void aRetriedApplyFinishesAsAnyApply() {
        fixture.given(historyUpTo(FAILED))
                .andGivenCommands(new RetryPriceChangeRun(ID, ACME, APPLY, Actor.PLATFORM_ADMIN))
                .when(new FinishPriceChangeRun(ID, ACME, APPLY, 41, 0))
                .expectEvents(new PriceChangeApplied(ID, ACME, 41, 0, null, NOW));
    }

    @Test
    void aRetriedExpiryRollbackStillEndsExpired() {
        List<Object> history = new ArrayList<>(historyUpTo(APPLIED));
        history.addAll(List.of(rollbackStarted(Actor.SYSTEM, EXPIRY), runFailed(ROLLBACK)));

        fixture.given(history)
                .andGivenCommands(new RetryPriceChangeRun(ID, ACME, ROLLBACK, Actor.PLATFORM_ADMIN))
                .when(new FinishPriceChangeRun(ID, ACME, ROLLBACK, 40, 1))
                .expectEvents(rolledBack(EXPIRY));
    }

    @Test
    void aFailedRunAbandonedEndsTheChange() {
        fixture.given(historyUpTo(FAILED))
                .when(new AbandonPriceChangeRun(ID, ACME, APPLY, Actor.PLATFORM_ADMIN))
                .expectEvents(new PriceChangeRunAbandoned(ID, ACME, APPLY, Actor.PLATFORM_ADMIN, NOW));
    }

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE, names = "FAILED")
    void onlyAFailedRunCanBeRetried(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new RetryPriceChangeRun(ID, ACME, APPLY, Actor.PLATFORM_ADMIN))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = PriceChangeState.class, mode = EnumSource.Mode.EXCLUDE, names = "FAILED")
    void onlyAFailedRunCanBeAbandoned(PriceChangeState state) {
        fixture.given(historyUpTo(state))
                .when(new AbandonPriceChangeRun(ID, ACME, APPLY, Actor.PLATFORM_ADMIN))
                .expectException(refusedIn(IllegalTransition.class, state))
                .expectNoEvents();
    }

    @Test
    void theRunThatDidNotFailCannotBeRetried() {
        fixture.given(historyUpTo(FAILED))
                .when(new RetryPriceChangeRun(ID, ACME, ROLLBACK, Actor.PLATFORM_ADMIN))
                .expectException(refusedIn(IllegalTransition.class, FAILED))
                .expectNoEvents();
    }

    @Test
    void theRunThatDidNotFailCannotBeAbandoned() {
        fixture.given(historyUpTo(FAILED))
                .when(new AbandonPriceChangeRun(ID, ACME, ROLLBACK, Actor.PLATFORM_ADMIN))
                .expectException(refusedIn(IllegalTransition.class, FAILED))
                .expectNoEvents();
    }

    @Test
    void anotherTenantCannotRetryAFailedRun() {
        fixture.given(historyUpTo(FAILED))
                .when(new RetryPriceChangeRun(ID, GLOBEX, APPLY, Actor.PLATFORM_ADMIN))
                .expectException(NotFound.class)
                .expectNoEvents();
    }

    // --- matchers and the clock -----------------------------------------------------------

    /** A rejection of this type that reports the change's {@code state} to the client (the 409's state property). */
    private static Matcher<Object> refusedIn(Class<? extends Rejection> type, PriceChangeState state) {
        return allOf(instanceOf(type), kind(Rejection.Kind.CONFLICT),
                new FeatureMatcher<Object, Object>(equalTo(state.name()), "a rejection reporting state", "state") {
                    @Override
                    protected Object featureValueOf(Object rejection) {
                        return ((Rejection) rejection).problemProperties().get("state");
                    }
                });
    }

    private static Matcher<Object> kind(Rejection.Kind kind) {
        return new FeatureMatcher<Object, Object>(equalTo(kind), "a rejection of kind", "kind") {
            @Override
            protected Object featureValueOf(Object rejection) {
                return rejection instanceof Rejection r ? r.kind() : null;
            }
        };
    }

    /**
     * The fixture's simulated time: {@code NOW} until a test lets time pass, so a handler run by a
     * deadline sees the time the deadline fired at, as it would in production.
     */
    private static Clock simulatedClock(Supplier<Instant> currentTime) {
        return new Clock() {
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
                return currentTime.get();
            }
        };
    }
}
