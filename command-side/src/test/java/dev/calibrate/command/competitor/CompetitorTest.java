package dev.calibrate.command.competitor;

import dev.calibrate.kernel.competitor.CompetitorId;
import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorPricesObserved;
import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorRegistered;
import dev.calibrate.kernel.competitor.CompetitorMessages.Observation;
import dev.calibrate.kernel.competitor.CompetitorMessages.ObservationBatchRecorded;
import dev.calibrate.kernel.competitor.CompetitorMessages.RecordObservations;
import dev.calibrate.kernel.competitor.CompetitorMessages.RegisterCompetitor;
import dev.calibrate.kernel.competitor.CompetitorMessages.RejectedObservation;
import dev.calibrate.kernel.competitor.CompetitorNotFound;
import dev.calibrate.kernel.competitor.ObservationBatchId;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.calibrate.command.InvalidInputMatcher.invalidInputNaming;

class CompetitorTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final TenantId OTHER = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-0000000000b2"));
    private static final CompetitorId BOLT = CompetitorId.forDomain(ACME, "bolt.example");
    private static final ObservationBatchId BATCH = new ObservationBatchId(UUID.fromString("b0000000-0000-4000-8000-000000000001"));
    private static final Instant SEEN = Instant.parse("2026-11-26T09:30:00Z");
    private static final CompetitorRegistered REGISTERED = new CompetitorRegistered(BOLT, ACME, "Bolt Outlet", "bolt.example");

    private FixtureConfiguration<Competitor> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Competitor.class);
    }

    @Test
    void registersTrimmingTheName() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCompetitor(BOLT, ACME, "  Bolt Outlet ", "bolt.example"))
                .expectEvents(REGISTERED);
    }

    @Test
    void aSecondRegistrationOfTheDomainIsAConflict() {
        fixture.given(REGISTERED)
                .when(new RegisterCompetitor(BOLT, ACME, "Bolt again", "bolt.example"))
                .expectNoEvents()
                .expectException(DuplicateCompetitor.class);
    }

    @Test
    void refusesABlankOrOverlongName() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCompetitor(BOLT, ACME, "  ", "bolt.example"))
                .expectException(invalidInputNaming("name"));
        fixture.givenNoPriorActivity()
                .when(new RegisterCompetitor(BOLT, ACME, "x".repeat(201), "bolt.example"))
                .expectException(invalidInputNaming("name"));
    }

    @Test
    void refusesADomainThatIsNotAHostName() {
        for (String domain : List.of("https://bolt.example", "bolt.example/shop", "bolt", "bolt..example",
                "-bolt.example", "bolt.example:8080")) {
            // a fixture serves one aggregate identifier
            new AggregateTestFixture<>(Competitor.class).givenNoPriorActivity()
                    .when(new RegisterCompetitor(CompetitorId.forDomain(ACME, domain), ACME, "Bolt", domain))
                    .expectNoEvents()
                    .expectException(invalidInputNaming("domain"));
        }
    }

    @Test
    void recordsABatchWithItsRejectedItems() {
        List<Observation> accepted = observations(2);
        List<RejectedObservation> rejected = List.of(new RejectedObservation(2, "currency", "unknown ISO-4217 currency \"XYZ\""));

        fixture.given(REGISTERED)
                .when(new RecordObservations(BOLT, ACME, BATCH, 3, accepted, rejected))
                .expectEvents(new ObservationBatchRecorded(BATCH, ACME, BOLT, 3, 2, 1, rejected),
                        new CompetitorPricesObserved(BATCH, ACME, BOLT, 0, accepted));
    }

    @Test
    void splitsAcceptedObservationsIntoPartsOfAtMostOneThousand() {
        List<Observation> accepted = observations(2001);

        fixture.given(REGISTERED)
                .when(new RecordObservations(BOLT, ACME, BATCH, 2001, accepted, List.of()))
                .expectEvents(new ObservationBatchRecorded(BATCH, ACME, BOLT, 2001, 2001, 3, List.of()),
                        new CompetitorPricesObserved(BATCH, ACME, BOLT, 0, accepted.subList(0, 1000)),
                        new CompetitorPricesObserved(BATCH, ACME, BOLT, 1, accepted.subList(1000, 2000)),
                        new CompetitorPricesObserved(BATCH, ACME, BOLT, 2, accepted.subList(2000, 2001)));
    }

    @Test
    void aBatchOfOnlyRejectedItemsIsStillRecordedForTheAudit() {
        List<RejectedObservation> rejected = List.of(new RejectedObservation(0, "sku", "unknown SKU \"NOPE\""));

        fixture.given(REGISTERED)
                .when(new RecordObservations(BOLT, ACME, BATCH, 1, List.of(), rejected))
                .expectEvents(new ObservationBatchRecorded(BATCH, ACME, BOLT, 1, 0, 0, rejected));
    }

    @Test
    void anotherTenantsCompetitorReadsAsMissing() {
        fixture.given(REGISTERED)
                .when(new RecordObservations(BOLT, OTHER, BATCH, 2, observations(2), List.of()))
                .expectNoEvents()
                .expectException(CompetitorNotFound.class);
    }

    private static List<Observation> observations(int count) {
        List<Observation> list = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> list.add(new Observation(i, ProductId.forSku(ACME, "SKU-" + i),
                "SKU-" + i, Money.parse("19.99", "USD", "price"), SEEN, i % 2 == 0 ? "https://bolt.example/p/" + i : null,
                i % 3 != 0)));
        return list;
    }
}
