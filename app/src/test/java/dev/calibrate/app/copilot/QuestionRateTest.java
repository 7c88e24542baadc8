package dev.calibrate.app.copilot;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.webhooks.FakeClock;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The questions-per-minute limit as the cluster counts it: two limiters on one database stand for two
 * nodes. Each test runs at an instant of its own, far from the others' and from the application's
 * clock, so that its rows never fall inside another's minute (the table is shared by the context).
 */
class QuestionRateTest extends IntegrationTest {

    private static final CopilotSettings SETTINGS = new CopilotSettings(Duration.ofSeconds(5), 1000,
            DataSize.ofKilobytes(4), DataSize.ofMegabytes(2), 30, 1,
            new CopilotSettings.Db("", "calibrate_copilot", "", true, 3, Duration.ofSeconds(1), Duration.ofSeconds(5)),
            new CopilotSettings.Llm("", "", "", Duration.ofSeconds(20), 1000, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS));

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void twoNodesShareOneMinuteAndTheRefusalSaysWhenTheOldestQuestionLeavesIt() {
        FakeClock clock = new FakeClock(Instant.parse("2031-01-01T10:00:00Z"));
        QuestionRate nodeA = new QuestionRate(SETTINGS, jdbc, clock);
        QuestionRate nodeB = new QuestionRate(SETTINGS, jdbc, clock);
        TenantId tenant = new TenantId(UUID.randomUUID());

        for (int i = 0; i < 15; i++) {
            nodeA.take(tenant);
        }
        clock.advance(Duration.ofSeconds(20));
        for (int i = 0; i < 15; i++) {
            nodeB.take(tenant);
        }

        assertRefused(() -> nodeA.take(tenant), Duration.ofSeconds(40));
        assertRefused(() -> nodeB.take(tenant), Duration.ofSeconds(40));
        nodeA.take(new TenantId(UUID.randomUUID()));

        clock.advance(Duration.ofSeconds(39));
        assertRefused(() -> nodeB.take(tenant), Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 15; i++) {
            nodeB.take(tenant);
        }
        assertRefused(() -> nodeA.take(tenant), Duration.ofSeconds(20));
    }

    @Test
    void sixtyQuestionsAtOnceOnTwoNodesTakeExactlyTheThirtyPlaces() throws Exception {
        FakeClock clock = new FakeClock(Instant.parse("2032-01-01T10:00:00Z"));
        List<QuestionRate> nodes = List.of(new QuestionRate(SETTINGS, jdbc, clock), new QuestionRate(SETTINGS, jdbc, clock));
        TenantId tenant = new TenantId(UUID.randomUUID());
        ExecutorService askers = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger refused = new AtomicInteger();
        try {
            List<Future<?>> asked = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                QuestionRate node = nodes.get(i % 2);
                asked.add(askers.submit(() -> {
                    start.await();
                    try {
                        node.take(tenant);
                    } catch (QuestionRate.TooManyQuestions tooMany) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> question : asked) {
                question.get();
            }
        } finally {
            askers.shutdownNow();
        }

        assertThat(refused.get()).isEqualTo(30);
        assertThat(jdbc.queryForObject("SELECT cardinality(asked) FROM copilot_question_window WHERE tenant_id = ?",
                Integer.class, tenant.value())).isEqualTo(30);
    }

    @Test
    void aQuestionAfterTheMinuteForgetsTheTenantsWhoseQuestionsAllLeftIt() {
        FakeClock clock = new FakeClock(Instant.parse("2033-01-01T10:00:00Z"));
        QuestionRate rate = new QuestionRate(SETTINGS, jdbc, clock);
        List<TenantId> onceEach = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TenantId tenant = new TenantId(UUID.randomUUID());
            onceEach.add(tenant);
            rate.take(tenant);
        }
        TenantId busy = new TenantId(UUID.randomUUID());
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 30; i++) {
            rate.take(busy);
        }
        assertThat(held(onceEach)).isEqualTo(100);

        clock.advance(Duration.ofSeconds(45));
        rate.take(new TenantId(UUID.randomUUID()));

        assertThat(held(onceEach)).as("their questions left the minute 15 s ago").isZero();
        assertThat(held(List.of(busy))).isEqualTo(1);
        assertRefused(() -> rate.take(busy), Duration.ofSeconds(15));
    }

    private int held(List<TenantId> tenants) {
        return jdbc.queryForObject("SELECT count(*) FROM copilot_question_window WHERE tenant_id = ANY(?)",
                Integer.class, (Object) tenants.stream().map(TenantId::value).toArray(UUID[]::new));
    }

    private static void assertRefused(Runnable question, Duration wait) {
        assertThatThrownBy(question::run).isInstanceOfSatisfying(Rejection.class, r -> {
            assertThat(r.kind()).isEqualTo(Rejection.Kind.TOO_MANY_REQUESTS);
            assertThat(r.retryAfter()).contains(wait);
        });
    }
}
