package dev.calibrate.app.concurrency;

import dev.calibrate.app.concurrency.TenantRequestGate.Admission;
import dev.calibrate.app.concurrency.TenantRequestGate.Place;
import dev.calibrate.app.concurrency.TenantRequestGate.Refused;
import dev.calibrate.kernel.tenant.TenantId;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The places of one tenant's requests, with real threads waiting for them. */
class TenantRequestGateTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final TenantId busy = new TenantId(UUID.randomUUID());
    private final TenantId other = new TenantId(UUID.randomUUID());

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aRequestBeyondTheRunningOnesWaitsAndIsServedWhenAPlaceIsGivenBack() throws Exception {
        TenantRequestGate gate = gate(2, 1, Duration.ofSeconds(30));
        Place first = (Place) gate.enter(busy);
        Place second = (Place) gate.enter(busy);

        CompletableFuture<Admission> third = enterLater(gate, busy);
        assertThatThrownBy(() -> third.get(300, TimeUnit.MILLISECONDS)).as("waits while both places are taken")
                .isInstanceOf(TimeoutException.class);
        first.close();

        assertThat(third.get(10, TimeUnit.SECONDS)).isInstanceOf(Place.class);
        second.close();
    }

    @Test
    void oneMoreThanMayWaitIsRefusedAtOnce() throws Exception {
        TenantRequestGate gate = gate(1, 1, Duration.ofSeconds(30));
        Place running = (Place) gate.enter(busy);
        CompletableFuture<Admission> waiting = enterLater(gate, busy);
        awaitWaiting(gate, busy, waiting);

        long started = System.nanoTime();
        Admission refused = gate.enter(busy);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(refused).isInstanceOf(Refused.class);
        assertThat(((Refused) refused).reason())
                .isEqualTo("this tenant already has 1 requests being served and 1 waiting on this server, the most it"
                        + " may; retry after 1 s");
        assertThat(refusedCount("waiting-full")).isEqualTo(1);

        running.close();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).as("the one waiting is served").isInstanceOf(Place.class);
    }

    /**
     * Right after a place is given back, a newcomer does not get it: the one waiting does. The race is not forced
     * (the waiting thread may wake before the newcomer asks), so a gate that let newcomers take a free place
     * fails this only when the newcomer asks first; the newcomer may also come to wait itself (then 2 s).
     */
    @Test
    void aPlaceGivenBackGoesToTheOneWaitingNotToANewcomer() throws Exception {
        TenantRequestGate gate = gate(1, 1, Duration.ofSeconds(2));
        Place running = (Place) gate.enter(busy);
        CompletableFuture<Admission> waiting = enterLater(gate, busy);
        awaitWaiting(gate, busy, waiting);

        running.close();
        Admission newcomer = gate.enter(busy);

        assertThat(newcomer).isInstanceOf(Refused.class);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(Place.class);
    }

    @Test
    void aRequestThatWaitedTheMaxWaitIsRefused() throws Exception {
        TenantRequestGate gate = gate(1, 5, Duration.ofMillis(200));
        Place running = (Place) gate.enter(busy);

        Admission late = gate.enter(busy);

        assertThat(late).isInstanceOf(Refused.class);
        assertThat(((Refused) late).reason()).isEqualTo("none of the 1 requests this tenant may have served at once on"
                + " this server finished within 200 ms; retry after 1 s");
        assertThat(refusedCount("max-wait")).isEqualTo(1);
        running.close();
        assertThat(gate.enter(busy)).as("its place is free again").isInstanceOf(Place.class);
    }

    @Test
    void anotherTenantHasPlacesOfItsOwn() throws Exception {
        TenantRequestGate gate = gate(1, 0, Duration.ZERO);
        Place busyOne = (Place) gate.enter(busy);
        assertThat(gate.enter(busy)).isInstanceOf(Refused.class);

        Admission others = gate.enter(other);

        assertThat(others).isInstanceOf(Place.class);
        busyOne.close();
        ((Place) others).close();
    }

    /**
     * Requests wait on request threads: all tenants' waiting ones together are bounded, so tenants at their
     * limits cannot take every thread of the node by waiting. A tenant with a free place is still served.
     */
    @Test
    void allTenantsRequestsWaitingTogetherAreBoundedOnTheNode() throws Exception {
        TenantRequestGate gate = gate(1, 5, Duration.ofSeconds(30), 1);
        Place busyRunning = (Place) gate.enter(busy);
        CompletableFuture<Admission> busyWaiting = enterLater(gate, busy);
        awaitWaiting(gate, busy, busyWaiting);

        Place othersRunning = (Place) gate.enter(other);
        long started = System.nanoTime();
        Admission othersSecond = gate.enter(other);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(othersSecond).isInstanceOf(Refused.class);
        assertThat(((Refused) othersSecond).reason()).isEqualTo("this tenant already has 1 requests being served on"
                + " this server, and 1 requests of all tenants wait for a place here, the most that may; retry after"
                + " 1 s");
        assertThat(refusedCount("node-waiting-full")).isEqualTo(1);
        assertThat(refusedCount("waiting-full")).isZero();
        assertThat(gate.waiting(other)).as("the refused one no longer counts as waiting").isZero();

        busyRunning.close();
        assertThat(busyWaiting.get(10, TimeUnit.SECONDS)).isInstanceOf(Place.class);
        CompletableFuture<Admission> othersThird = enterLater(gate, other);
        awaitWaiting(gate, other, othersThird);
        othersRunning.close();
        assertThat(othersThird.get(10, TimeUnit.SECONDS)).as("room to wait again once the first stopped waiting")
                .isInstanceOf(Place.class);
    }

    @Test
    void metersCountThePlacesTakenTheRequestsWaitingAndHowLongTheyWaited() throws Exception {
        TenantRequestGate gate = gate(1, 5, Duration.ofSeconds(30));
        Place busyRunning = (Place) gate.enter(busy);
        Place othersRunning = (Place) gate.enter(other);
        CompletableFuture<Admission> busyWaiting = enterLater(gate, busy);
        awaitWaiting(gate, busy, busyWaiting);

        assertThat(gauge("running")).isEqualTo(2);
        assertThat(gauge("waiting")).isEqualTo(1);
        clock.add(Duration.ofMillis(50));

        busyRunning.close();
        Place served = (Place) busyWaiting.get(10, TimeUnit.SECONDS);
        assertThat(gauge("running")).isEqualTo(2);
        assertThat(gauge("waiting")).isZero();
        served.close();
        served.close();
        othersRunning.close();
        assertThat(gauge("running")).as("each place counted back once").isZero();
        Place again = (Place) gate.enter(busy);
        assertThat(gauge("running")).isEqualTo(1);
        again.close();
        Timer waited = meters.get("calibrate.tenant.requests.wait").timer();
        assertThat(waited.count()).as("only the one that found no free place").isEqualTo(1);
        assertThat(waited.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50);
    }

    @Test
    void aTenantWithNoRoomOfItsOwnIsToldSoEvenWhenTheNodeIsFullToo() throws Exception {
        TenantRequestGate gate = gate(1, 1, Duration.ofSeconds(30), 1);
        Place running = (Place) gate.enter(busy);
        CompletableFuture<Admission> waiting = enterLater(gate, busy);
        awaitWaiting(gate, busy, waiting);

        Admission refused = gate.enter(busy);

        assertThat(((Refused) refused).reason()).startsWith("this tenant already has 1 requests being served and 1"
                + " waiting");
        assertThat(refusedCount("waiting-full")).isEqualTo(1);
        assertThat(refusedCount("node-waiting-full")).isZero();
        running.close();
        ((Place) waiting.get(10, TimeUnit.SECONDS)).close();
    }

    @Test
    void theCountsGoBackWhenAWaitEndsInARefusal() throws Exception {
        TenantRequestGate gate = gate(1, 5, Duration.ofMillis(100));
        Place running = (Place) gate.enter(busy);

        assertThat(gate.enter(busy)).as("waited its 100 ms").isInstanceOf(Refused.class);

        assertThat(gauge("waiting")).isZero();
        assertThat(gate.waiting(busy)).isZero();
        assertThat(gauge("running")).isEqualTo(1);
        running.close();
        assertThat(gauge("running")).isZero();
    }

    @Test
    void theCountsGoBackWhenAWaitIsInterrupted() throws Exception {
        TenantRequestGate gate = gate(1, 5, Duration.ofSeconds(30));
        Place running = (Place) gate.enter(busy);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                outcome.complete(gate.enter(busy));
            } catch (InterruptedException e) {
                outcome.complete(e);
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.waiting(busy) == 1 && gauge("waiting") == 1
                && gate.queued(busy));

        waiter.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(gate.waiting(busy)).isZero();
        assertThat(gauge("waiting")).isZero();
        assertThat(gauge("running")).isEqualTo(1);
        running.close();
        assertThat(gate.enter(busy)).as("its one place free again, none lost").isInstanceOf(Place.class);
    }

    @Test
    void aPlaceClosedTwiceIsGivenBackOnce() throws Exception {
        TenantRequestGate gate = gate(1, 0, Duration.ZERO);
        Place place = (Place) gate.enter(busy);
        place.close();
        place.close();

        Place again = (Place) gate.enter(busy);
        assertThat(gate.enter(busy)).as("one place, not two").isInstanceOf(Refused.class);
        again.close();
    }

    @Test
    void aTenantsOwnLimitsReplaceTheConfiguredOnes() throws Exception {
        TenantRequestGate gate = gate(1, 0, Duration.ZERO);
        gate.limitTenant(busy, new TenantRequestGate.Limits(3, 0, Duration.ZERO));

        for (int i = 0; i < 3; i++) {
            assertThat(gate.enter(busy)).as("place %d", i).isInstanceOf(Place.class);
        }
        assertThat(gate.enter(busy)).isInstanceOf(Refused.class);
        assertThat(gate.enter(other)).as("the configured one place").isInstanceOf(Place.class);
        assertThat(gate.enter(other)).isInstanceOf(Refused.class);
    }

    @Test
    void settingsOutOfRangeAreRefusedAtStart() {
        assertThatThrownBy(() -> new TenantRequestSettings(-1, 1, Duration.ofSeconds(1), 1))
                .hasMessageContaining("running must be 0 (off) to 10000");
        assertThatThrownBy(() -> new TenantRequestSettings(1, -1, Duration.ofSeconds(1), 1))
                .hasMessageContaining("waiting must be 0 to 100000");
        assertThatThrownBy(() -> new TenantRequestSettings(1, 1, Duration.ofSeconds(-1), 1))
                .hasMessageContaining("max-wait must be 0 to 1m");
        assertThatThrownBy(() -> new TenantRequestSettings(1, 1, Duration.ofMinutes(2), 1))
                .hasMessageContaining("max-wait must be 0 to 1m");
        assertThatThrownBy(() -> new TenantRequestSettings(1, 1, Duration.ofSeconds(1), -1))
                .hasMessageContaining("node-waiting must be 0 to 100000");
        assertThatThrownBy(() -> new TenantRequestSettings(1, 1, Duration.ofSeconds(1), 100_001))
                .hasMessageContaining("node-waiting must be 0 to 100000");
        assertThat(new TenantRequestSettings(0, 0, Duration.ZERO, 0).enabled()).as("0 running: off").isFalse();
    }

    private TenantRequestGate gate(int running, int waiting, Duration maxWait) {
        return gate(running, waiting, maxWait, 100);
    }

    private TenantRequestGate gate(int running, int waiting, Duration maxWait, int nodeWaiting) {
        return new TenantRequestGate(new TenantRequestSettings(running, waiting, maxWait, nodeWaiting), meters);
    }

    private CompletableFuture<Admission> enterLater(TenantRequestGate gate, TenantId tenant) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return gate.enter(tenant);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, threads);
    }

    /** Until the request sent on another thread is waiting for a place (it has not been answered). */
    private void awaitWaiting(TenantRequestGate gate, TenantId tenant, CompletableFuture<Admission> waiting) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> {
            assertThat(waiting).as("still waiting").isNotDone();
            assertThat(gate.waiting(tenant)).isEqualTo(1);
            assertThat(gauge("waiting")).as("counted on the node too").isGreaterThanOrEqualTo(1);
            assertThat(gate.queued(tenant)).as("queued for a place, past being counted").isTrue();
        });
    }

    private double gauge(String name) {
        return meters.get("calibrate.tenant.requests." + name).gauge().value();
    }

    private double refusedCount(String reason) {
        return meters.get("calibrate.tenant.requests.refused").tag("reason", reason).counter().count();
    }
}
