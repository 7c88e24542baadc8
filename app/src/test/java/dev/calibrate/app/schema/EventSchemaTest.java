package dev.calibrate.app.schema;

import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeFirstApproved;
import dev.calibrate.kernel.tenant.ApprovalThresholds;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import dev.calibrate.kernel.tenant.ApprovalThresholds.RequiredApproval;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ThresholdPassed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelConnected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelDisconnected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftResolved;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceRepairRequested;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncFailed;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncSuperseded;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSynced;
import dev.calibrate.kernel.channel.ChannelMessages.DriftResolution;
import dev.calibrate.kernel.competitor.CompetitorId;
import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorPricesObserved;
import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorRegistered;
import dev.calibrate.kernel.copilot.CopilotMessages.CopilotQueryAnswered;
import dev.calibrate.kernel.copilot.CopilotMessages.CopilotQueryRefused;
import dev.calibrate.kernel.copilot.CopilotQueryId;
import dev.calibrate.kernel.competitor.CompetitorMessages.Observation;
import dev.calibrate.kernel.competitor.CompetitorMessages.ObservationBatchRecorded;
import dev.calibrate.kernel.competitor.CompetitorMessages.RejectedObservation;
import dev.calibrate.kernel.competitor.ObservationBatchId;
import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeCancelled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ItemEdit;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ItemEditAction;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRejected;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunAbandoned;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunFailed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunRetried;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeScheduled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeSubmitted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.rule.RuleRef;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleCreated;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleDisabled;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleEnabled;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleRevised;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduleRemoved;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduleSet;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunDrafted;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunSkipped;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenIssued;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenRevoked;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantMessages.TenantTimeZoneChanged;
import dev.calibrate.kernel.tenant.PriorPriceRule;
import dev.calibrate.kernel.tenant.TenantMessages.UserActivated;
import dev.calibrate.kernel.tenant.TenantMessages.UserDisabled;
import dev.calibrate.kernel.tenant.TenantMessages.UserEnabled;
import dev.calibrate.kernel.tenant.TenantMessages.UserInvited;
import dev.calibrate.kernel.tenant.TenantMessages.UserReinvited;
import dev.calibrate.kernel.tenant.TenantMessages.UserRolesChanged;
import dev.calibrate.kernel.tenant.Role;
import dev.calibrate.kernel.tenant.UserId;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.kernel.tenant.TokenId;
import dev.calibrate.schemas.SchemaRegistry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.calibrate.app.support.PriceChangeSamples.BARE;
import static dev.calibrate.app.support.PriceChangeSamples.EXPLAIN;
import static dev.calibrate.app.support.PriceChangeSamples.NOTHING_TO_CHANGE;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMARY;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_SALE;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_RULE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event class has a JSON Schema, and what Axon stores for it validates against that schema.
 * A new event without a schema, or without a sample here, fails this test.
 */
class EventSchemaTest extends IntegrationTest {

    private static final TenantId TENANT = new TenantId(UUID.fromString("6f1c7a52-0b7e-4d43-9a53-3f9f0e0c2a11"));
    private static final ProductId PRODUCT = ProductId.forSku(TENANT, "TS-1");
    private static final TokenId TOKEN = new TokenId(UUID.fromString("0d4f0c55-2f1e-4f3c-b8a5-8a3f5e1d7c90"));
    private static final UserId USER = new UserId(UUID.fromString("7d3f9a2c-1b4e-4c8a-9f60-2e5d7b1a3c94"));
    private static final PriceChangeId CHANGE =
            new PriceChangeId(UUID.fromString("3b8e2f4a-6c1d-4e9b-a7f0-5d2c8b1e9a34"));
    private static final CompetitorId COMPETITOR = CompetitorId.forDomain(TENANT, "bolt-outlet.example");
    private static final CopilotQueryId COPILOT_QUERY = new CopilotQueryId(UUID.fromString("5b0e8a8e-3c1f-4d7b-9a44-6f2d1c0e9b31"));
    private static final ObservationBatchId BATCH =
            new ObservationBatchId(UUID.fromString("5c0ffee0-1b2c-4d3e-8f90-a1b2c3d4e5f6"));
    private static final SavedRuleId SAVED_RULE =
            new SavedRuleId(UUID.fromString("6a0c1f7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b"));
    private static final Actor ALICE = new Actor("0d4f0c55-2f1e-4f3c-b8a5-8a3f5e1d7c90");
    private static final Actor BOB = new Actor("9a7e1c3b-52d4-4f86-8e0a-1b2c3d4e5f60");
    /** A token issued to a person: the actor carries the subject. */
    private static final Actor ALICE_IN_PERSON = new Actor("5e6f7a8b-52d4-4f86-8e0a-1b2c3d4e5f61", "alice@acme.example");
    private static final PriceChangeMessages.Definition FROM_SAVED_RULE = new PriceChangeMessages.Definition(
            "Summer tees minus 12 %", SUMMER_RULE, null, null, null, new RuleRef(SAVED_RULE, 2, ALICE_IN_PERSON));
    private static final String HASH = "4f2a9c0e7b1d3f5a8c6e2b9d0f1a3c5e7b9d1f3a5c7e9b0d2f4a6c8e0b1d3f5a";
    private static final Instant AT = Instant.parse("2026-11-26T08:00:00.123456Z");
    private static final Money USD_25 = Money.parse("25.00", "USD", "amount");
    private static final Money USD_2099 = Money.parse("20.99", "USD", "amount");
    private static final TenantPolicy POLICY = new TenantPolicy(new BigDecimal("30"), new BigDecimal("12.5"),
            Map.of("USD", Money.parse("9.99", "USD", "floor"), "JPY", Money.parse("900", "JPY", "floor")),
            Map.of("USD", Money.parse("500.00", "USD", "ceiling")), new BigDecimal("20"), true, false);

    private static final ProductDetails FULL_DETAILS = new ProductDetails("Summer tee", "Acme", "Apparel",
            List.of("tee", "summer"), new Money(new BigDecimal("8.00"), "USD"),
            Map.of("shopify", Map.of("productId", "gid://shopify/Product/1", "variantId", "gid://shopify/ProductVariant/2")));
    private static final ProductDetails BARE_DETAILS = new ProductDetails("Plain tee", null, null, null, null, null);

    /** Realistic events of every class, with and without their optional parts. */
    private static final Map<Class<? extends DomainEvent>, List<DomainEvent>> SAMPLES = samples(
            new ProductCreated(PRODUCT, TENANT, "TS-1", FULL_DETAILS, true),
            new ProductCreated(PRODUCT, TENANT, "TS-1", BARE_DETAILS, false),
            new ProductDetailsChanged(PRODUCT, TENANT, FULL_DETAILS, List.of("vendor", "productType", "tags", "cost",
                    "channelRefs")),
            new ProductDetailsChanged(PRODUCT, TENANT, BARE_DETAILS, List.of("title")),
            new ProductDeactivated(PRODUCT, TENANT),
            new ProductReactivated(PRODUCT, TENANT),
            new ProductBrandFloorsSet(PRODUCT, TENANT, "USD", new BrandFloors(Money.parse("19.99", "USD", "map"),
                    Money.parse("17.99", "USD", "pmap"), Instant.parse("2026-11-27T00:00:00Z"),
                    Instant.parse("2026-12-01T00:00:00Z"), Money.parse("21", "USD", "lrp"))),
            new ProductBrandFloorsSet(PRODUCT, TENANT, "EUR", new BrandFloors(Money.parse("19.99", "EUR", "map"),
                    null, null, null, null)),
            new ProductBrandFloorsSet(PRODUCT, TENANT, "USD", null),
            new ProductPriceObserved(PRODUCT, TENANT, Money.parse("21.6", "USD", "amount"),
                    Money.parse("25", "USD", "compareAt"), "api"),
            new ProductPriceObserved(PRODUCT, TENANT, Money.parse("1200", "JPY", "amount"), null, "shopify"),
            new ProductPriceObserved(PRODUCT, TENANT, Money.parse("1.250", "BHD", "amount"), null, "api"),
            new TenantCreated(TENANT, "Acme Apparel", "EUR"),
            new ApiTokenIssued(TENANT, TOKEN, "ci pipeline", Set.of(Scope.CATALOG_READ, Scope.CATALOG_WRITE),
                    Instant.parse("2027-01-01T00:00:00Z"), null),
            new ApiTokenIssued(TENANT, TOKEN, "dashboard", Set.of(Scope.values()), null, "alice@acme.example"),
            new ApiTokenRevoked(TENANT, TOKEN),
            new UserInvited(TENANT, USER, "alice@acme.example", "Alice Moreau", new java.util.TreeSet<>(Set.of(Role.ANALYST))),
            new UserInvited(TENANT, USER, "Bob.O'Neil+pricing@acme.example", "Bob O'Neil",
                    new java.util.TreeSet<>(Set.of(Role.values()))),
            new UserReinvited(TENANT, USER),
            new UserActivated(TENANT, USER),
            new UserRolesChanged(TENANT, USER, new java.util.TreeSet<>(Set.of(Role.APPROVER, Role.VIEWER))),
            new UserDisabled(TENANT, USER),
            new UserEnabled(TENANT, USER),
            new PriceChangeApproved(CHANGE, TENANT, USER.actor("alice@acme.example"), HASH, false, AT),
            new TenantPolicyChanged(TENANT, POLICY),
            new TenantPolicyChanged(TENANT, TenantPolicy.unrestricted()),
            new TenantPolicyChanged(TENANT, new TenantPolicy(null, null, Map.of(), Map.of(), null, false, false,
                    new PriorPriceRule(true, 30, Set.of("EUR", "PLN"), true))),
            new TenantTimeZoneChanged(TENANT, "Europe/Berlin"),
            new PriceChangeDrafted(CHANGE, TENANT, ALICE, SUMMER_SALE, AT),
            new PriceChangeDrafted(CHANGE, TENANT, ALICE, BARE, AT),
            new PriceChangeDrafted(CHANGE, TENANT, ALICE_IN_PERSON, BARE, AT),
            new PriceChangeEdited(CHANGE, TENANT, BOB, SUMMER_SALE, AT),
            // a rule taken from a saved rule's version (PriceChangeDrafted/Edited 1.2.0)
            new PriceChangeDrafted(CHANGE, TENANT, ALICE, FROM_SAVED_RULE, AT),
            new PriceChangeEdited(CHANGE, TENANT, BOB, FROM_SAVED_RULE, AT),
            new SavedRuleCreated(SAVED_RULE, TENANT, ALICE_IN_PERSON, "Summer tees minus 10 %", SUMMER_RULE, AT),
            new SavedRuleRevised(SAVED_RULE, TENANT, BOB, 2, "Summer tees minus 12 %", SUMMER_RULE, AT),
            new SavedRuleEnabled(SAVED_RULE, TENANT, ALICE, AT),
            new SavedRuleDisabled(SAVED_RULE, TENANT, ALICE_IN_PERSON, AT),
            new SavedRuleScheduleSet(SAVED_RULE, TENANT, ALICE, "0 30 2 * * 1-5", "Nightly repricing", AT),
            new SavedRuleScheduleSet(SAVED_RULE, TENANT, ALICE_IN_PERSON, "@daily", null, AT),
            new SavedRuleScheduleRemoved(SAVED_RULE, TENANT, ALICE, AT),
            new SavedRuleScheduledRunDrafted(SAVED_RULE, TENANT, AT, CHANGE, 2, AT),
            new SavedRuleScheduledRunSkipped(SAVED_RULE, TENANT, AT, "the rule is disabled", AT),
            new PriceChangePreviewed(CHANGE, TENANT, ALICE, HASH, SUMMARY, AT),
            new PriceChangePreviewed(CHANGE, TENANT, ALICE, HASH, NOTHING_TO_CHANGE, AT),
            // a summary that counts anomalous items (PriceChangePreviewed 1.2.0): the schema must know the field
            new PriceChangePreviewed(CHANGE, TENANT, ALICE, HASH, new PriceChangeMessages.PreviewSummary(120, 97, 11, 3,
                    9, new java.math.BigDecimal("-84.00"), new java.math.BigDecimal("-15.02"),
                    new java.math.BigDecimal("-4.35"), 4), AT),
            new PriceChangePreviewEdited(CHANGE, TENANT, ALICE_IN_PERSON, List.of(
                    new ItemEdit(PRODUCT, "TS-1", ItemEditAction.OVERRIDE, new java.math.BigDecimal("16.99"),
                            new java.math.BigDecimal("18.49"), "USD", "CHANGE", "matches the outlet's price"),
                    new ItemEdit(PRODUCT, "TS-1", ItemEditAction.EXCLUDE, null, null, "USD", "SKIPPED",
                            "the brand asked us to keep it")), HASH, "0".repeat(64), SUMMARY, null, null, AT),
            // an edit that takes the change past a threshold: the edited size and the approval it now needs
            new PriceChangePreviewEdited(CHANGE, TENANT, ALICE, List.of(
                    new ItemEdit(PRODUCT, "TS-1", ItemEditAction.OVERRIDE, new java.math.BigDecimal("16.99"),
                            new java.math.BigDecimal("9.99"), "USD", "CHANGE", "clearance")), HASH, "0".repeat(64),
                    SUMMARY, new ChangeSize(new BigDecimal("60.04"), new Money(new BigDecimal("15.01"), "USD")),
                    new ApprovalNeed(RequiredApproval.ADMIN, List.of(new ThresholdPassed("maxDecreasePercent", "30", "60.04"))), AT),
            new PriceChangeSubmitted(CHANGE, TENANT, ALICE, HASH, AT),
            new PriceChangeApproved(CHANGE, TENANT, BOB, HASH, false, AT),
            new PriceChangeFirstApproved(CHANGE, TENANT, BOB, HASH, AT),
            new PriceChangeFirstApproved(CHANGE, TENANT, USER.actor("bob@acme.example"), HASH, AT),
            new PriceChangePreviewed(CHANGE, TENANT, ALICE, HASH, SUMMARY,
                    new ChangeSize(new BigDecimal("25.00"), new Money(new BigDecimal("1250.40"), "USD")),
                    new ApprovalNeed(RequiredApproval.TWO_APPROVERS, List.of(
                            new ThresholdPassed("maxDecreasePercent", "20", "25.00"),
                            new ThresholdPassed("maxRevenueImpact.USD", "1000.00", "1250.40"))), AT),
            new PriceChangePreviewed(CHANGE, TENANT, ALICE, HASH, SUMMARY,
                    new ChangeSize(null, new Money(new BigDecimal("3.00"), "USD")), null, AT),
            new TenantPolicyChanged(TENANT, TenantPolicy.unrestricted().withApprovalThresholds(new ApprovalThresholds(
                    new BigDecimal("20"), Map.of("EUR", new Money(new BigDecimal("1000"), "EUR")),
                    RequiredApproval.ADMIN))),
            new PriceChangeApproved(CHANGE, TENANT, ALICE_IN_PERSON, HASH, true, AT),
            new PriceChangeRejected(CHANGE, TENANT, BOB, "floor too low for the outlet tees", AT),
            new PriceChangeCancelled(CHANGE, TENANT, ALICE, AT),
            new PriceChangeScheduled(CHANGE, TENANT, BOB, Instant.parse("2026-11-27T06:00:00Z"), AT),
            new PriceChangeApplyStarted(CHANGE, TENANT, Actor.SYSTEM, AT),
            new PriceChangeApplied(CHANGE, TENANT, 95, 2, Instant.parse("2026-11-30T23:00:00Z"), AT),
            new PriceChangeApplied(CHANGE, TENANT, 0, 0, null, AT),
            new PriceChangeRollbackStarted(CHANGE, TENANT, Actor.SYSTEM, RollbackTrigger.EXPIRY, AT),
            new PriceChangeRollbackStarted(CHANGE, TENANT, BOB, RollbackTrigger.MANUAL, AT),
            new PriceChangeRolledBack(CHANGE, TENANT, 94, 1, RollbackTrigger.EXPIRY, AT),
            new PriceChangeRolledBack(CHANGE, TENANT, 95, 0, RollbackTrigger.MANUAL, AT),
            new PriceChangeRunFailed(CHANGE, TENANT, RunKind.APPLY, 5,
                    "AggregateNotFoundException: The aggregate was not found in the event store", AT),
            new PriceChangeRunRetried(CHANGE, TENANT, RunKind.APPLY, Actor.PLATFORM_ADMIN, AT),
            new PriceChangeRunAbandoned(CHANGE, TENANT, RunKind.ROLLBACK, Actor.PLATFORM_ADMIN, AT),
            new ProductPriceChanged(PRODUCT, TENANT, CHANGE, RunKind.APPLY, USD_25, USD_2099,
                    Money.parse("29.00", "USD", "compareAt"), USD_25, EXPLAIN),
            new ProductPriceChanged(PRODUCT, TENANT, CHANGE, RunKind.APPLY, Money.parse("2500", "JPY", "amount"),
                    Money.parse("2099", "JPY", "amount"), null, null, EXPLAIN),
            new ProductPriceChanged(PRODUCT, TENANT, CHANGE, RunKind.ROLLBACK, USD_2099, USD_25, USD_25,
                    Money.parse("29.00", "USD", "compareAt"), null),
            new ProductPriceChangeConflicted(PRODUCT, TENANT, CHANGE, RunKind.APPLY, USD_25,
                    Money.parse("23.50", "USD", "amount"), "the price is 23.50 USD, not 25.00 USD as previewed"),
            new ProductPriceChangeConflicted(PRODUCT, TENANT, CHANGE, RunKind.ROLLBACK, USD_2099, null,
                    "the product has no USD price any more"),
            new ChannelConnected(TENANT, "shopify", "acme-apparel.myshopify.com", "USD"),
            new ChannelDisconnected(TENANT, "shopify", "acme-apparel.myshopify.com", "app/uninstalled"),
            new ChannelDisconnected(TENANT, "shopify", "acme-apparel.myshopify.com", null),
            new ChannelPriceSynced(PRODUCT, TENANT, "shopify", CHANGE, RunKind.APPLY, USD_2099, USD_25),
            new ChannelPriceSynced(PRODUCT, TENANT, "shopify", null, null, USD_25, null),
            new ChannelPriceSyncFailed(PRODUCT, TENANT, "shopify", CHANGE, RunKind.ROLLBACK, USD_25,
                    "Shopify refused the price", List.of(new ChannelError("GREATER_THAN_OR_EQUAL_TO",
                            "variants.0.price", "Price must be greater than or equal to 0"),
                            new ChannelError(null, null, "Variant is archived"))),
            new ChannelPriceSyncFailed(PRODUCT, TENANT, "shopify", CHANGE, RunKind.APPLY, USD_2099, null, List.of()),
            new ChannelPriceSyncSuperseded(PRODUCT, TENANT, "shopify", CHANGE, RunKind.APPLY, USD_2099),
            new ChannelPriceDriftDetected(PRODUCT, TENANT, "shopify", USD_2099, Money.parse("22.50", "USD", "amount"),
                    USD_25),
            new ChannelPriceDriftDetected(PRODUCT, TENANT, "shopify", USD_2099, Money.parse("22.50", "USD", "amount"),
                    null),
            new ChannelPriceRepairRequested(PRODUCT, TENANT, "shopify", CHANGE, USD_2099, USD_25),
            new ChannelPriceRepairRequested(PRODUCT, TENANT, "shopify", null, USD_2099, null),
            new ChannelPriceDriftResolved(PRODUCT, TENANT, "shopify", DriftResolution.ACCEPTED,
                    Money.parse("22.50", "USD", "amount")),
            new ChannelPriceDriftResolved(PRODUCT, TENANT, "shopify", DriftResolution.REPAIRED, USD_2099),
            new CompetitorRegistered(COMPETITOR, TENANT, "Bolt Outlet", "bolt-outlet.example"),
            new CopilotQueryAnswered(COPILOT_QUERY, TENANT, "How many active products are there?",
                    "SELECT count(*) AS products FROM copilot.products WHERE active LIMIT 1001", "0".repeat(64),
                    List.of("products"), 1, false, 12, "embedded", null),
            new CopilotQueryAnswered(COPILOT_QUERY, TENANT, "List products",
                    "SELECT sku FROM copilot.products LIMIT 1001", "a".repeat(64), List.of("products"), 1000, true, 40,
                    "llm", "gpt-test"),
            new CopilotQueryRefused(COPILOT_QUERY, TENANT, "What's the weather?", null, null, "no-translation",
                    "the copilot does not know how to answer this question", 1, "embedded", null),
            new CopilotQueryRefused(COPILOT_QUERY, TENANT, "Read the password file",
                    "SELECT pg_read_file('/etc/passwd')", "b".repeat(64), "allowed-functions",
                    "the function pg_read_file is not allowed", 2, "llm", "gpt-test"),
            new ObservationBatchRecorded(BATCH, TENANT, COMPETITOR, 3, 2, 1,
                    List.of(new RejectedObservation(2, "currency", "unknown ISO-4217 currency \"XYZ\""))),
            new ObservationBatchRecorded(BATCH, TENANT, COMPETITOR, 1, 1, 1, List.of()),
            new CompetitorPricesObserved(BATCH, TENANT, COMPETITOR, 0, List.of(
                    new Observation(0, PRODUCT, "TS-1", Money.parse("19.49", "USD", "price"), AT,
                            "https://bolt-outlet.example/p/ts-1?ref=calibrate", true),
                    new Observation(1, PRODUCT, "TS-1", Money.parse("2100", "JPY", "price"), AT, null, false))));

    @Autowired
    SchemaRegistry schemas;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    static List<Class<?>> eventClasses() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(DomainEvent.class));
        return scanner.findCandidateComponents("dev.calibrate").stream()
                .map(BeanDefinition::getBeanClassName)
                .map(EventSchemaTest::load)
                .sorted(Comparator.comparing(Class::getName))
                .collect(Collectors.toList());
    }

    @Test
    void findsTheEventClasses() {
        assertThat(eventClasses()).contains(ProductCreated.class, ProductPriceObserved.class, TenantCreated.class,
                ApiTokenIssued.class, ApiTokenRevoked.class);
        assertThat(eventClasses()).allSatisfy(type -> assertThat(type).isNotInterface());
    }

    @Test
    void axonStoresEventsWithTheApplicationsObjectMapper() {
        assertThat(eventSerializer).isInstanceOf(JacksonSerializer.class);
        assertThat(((JacksonSerializer) eventSerializer).getObjectMapper()).isSameAs(mapper);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventClasses")
    void everyEventClassHasASchema(Class<?> eventClass) {
        assertThat(schemas.latest(eventClass.getSimpleName()))
                .as("a JSON Schema called %s in schemas/events (and listed in %s)", eventClass.getSimpleName(),
                        SchemaRegistry.CATALOG)
                .hasValueSatisfying(info -> assertThat(info.kind()).isEqualTo("events"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventClasses")
    void everyEventClassSerializesToValidJson(Class<?> eventClass) {
        List<DomainEvent> samples = SAMPLES.getOrDefault(eventClass, List.of());
        assertThat(samples).as("add a realistic sample of %s to EventSchemaTest.SAMPLES", eventClass.getName())
                .isNotEmpty();

        for (DomainEvent sample : samples) {
            JsonNode stored = serialized(sample);
            assertThat(schemas.violations(eventClass.getSimpleName(), stored))
                    .as("%s stored as %s", sample, stored).isEmpty();
        }
    }

    @Test
    void everySampleIsOfAnEventClassFound() {
        assertThat(eventClasses()).containsAll(SAMPLES.keySet());
    }

    /** Guards against a validation that passes everything. */
    @Test
    void theSchemasRejectAnEventThatDoesNotMatch() {
        ObjectNode extraField = (ObjectNode) serialized(new ProductDeactivated(PRODUCT, TENANT));
        extraField.put("reason", "discontinued");
        ObjectNode numericAmount = (ObjectNode) serialized(
                new ProductPriceObserved(PRODUCT, TENANT, Money.parse("21.60", "USD", "amount"), null, "api"));
        ((ObjectNode) numericAmount.get("price")).put("amount", 21.6);

        ObjectNode applyWithoutExplain = (ObjectNode) serialized(new ProductPriceChanged(PRODUCT, TENANT, CHANGE,
                RunKind.APPLY, USD_25, USD_2099, null, null, EXPLAIN));
        applyWithoutExplain.remove("explain");
        ObjectNode negativeCount = (ObjectNode) serialized(
                new PriceChangeRolledBack(CHANGE, TENANT, 1, 0, RollbackTrigger.MANUAL, AT));
        negativeCount.put("conflicts", -1);
        ObjectNode unknownResolution = (ObjectNode) serialized(new ChannelPriceDriftResolved(PRODUCT, TENANT,
                "shopify", DriftResolution.REPAIRED, USD_2099));
        unknownResolution.put("resolution", "IGNORED");

        assertThat(schemas.violations("ProductDeactivated", extraField)).isNotEmpty();
        assertThat(schemas.violations("ProductPriceObserved", numericAmount)).isNotEmpty();
        assertThat(schemas.violations("ProductPriceChanged", applyWithoutExplain)).isNotEmpty();
        assertThat(schemas.violations("PriceChangeRolledBack", negativeCount)).isNotEmpty();
        assertThat(schemas.violations("ChannelPriceDriftResolved", unknownResolution)).isNotEmpty();
    }

    /** Events stored before tokens had subjects name their actor as a bare string, and read back unchanged. */
    @Test
    void anApprovalStoredBeforeSubjectsExistedReadsBackAsAnActorWithoutSubject() throws IOException {
        String stored = "{\"id\":\"" + CHANGE + "\",\"tenantId\":\"" + TENANT + "\",\"approver\":\"" + BOB.id()
                + "\",\"previewHash\":\"" + HASH + "\",\"at\":\"" + AT + "\"}";

        PriceChangeApproved read = mapper.readValue(stored, PriceChangeApproved.class);

        assertThat(read).isEqualTo(new PriceChangeApproved(CHANGE, TENANT, BOB, HASH, false, AT));
        assertThat(schemas.violations("PriceChangeApproved", mapper.readTree(stored))).isEmpty();
    }

    @Test
    void anActorWithASubjectRoundTripsAndAnActorWithoutOneStaysAString() {
        JsonNode withSubject = serialized(new PriceChangeApproved(CHANGE, TENANT, ALICE_IN_PERSON, HASH, true, AT));
        JsonNode withoutSubject = serialized(new PriceChangeApproved(CHANGE, TENANT, BOB, HASH, false, AT));

        PriceChangeApproved read = eventSerializer.deserialize(new SimpleSerializedObject<>(
                withSubject.toString().getBytes(StandardCharsets.UTF_8), byte[].class,
                PriceChangeApproved.class.getName(), null));

        assertThat(withSubject.get("approver").get("subject").asText()).isEqualTo("alice@acme.example");
        assertThat(read).isEqualTo(new PriceChangeApproved(CHANGE, TENANT, ALICE_IN_PERSON, HASH, true, AT));
        assertThat(withoutSubject.get("approver").isTextual()).isTrue();
    }

    /** The payload exactly as the event store keeps it. */
    private JsonNode serialized(DomainEvent event) {
        try {
            return mapper.readTree(eventSerializer.serialize(event, byte[].class).getData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<Class<? extends DomainEvent>, List<DomainEvent>> samples(DomainEvent... events) {
        Map<Class<? extends DomainEvent>, List<DomainEvent>> byClass = new LinkedHashMap<>();
        for (DomainEvent event : events) {
            byClass.computeIfAbsent(event.getClass(), c -> new java.util.ArrayList<>()).add(event);
        }
        return byClass;
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
