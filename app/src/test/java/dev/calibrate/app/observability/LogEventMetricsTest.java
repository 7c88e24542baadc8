package dev.calibrate.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log line counter on a logback context of its own: lines written are counted by level in every registry
 * it is bound to, lines below their logger's level are not, a reconfiguration of the context does not stop it
 * for good, and once destroyed it counts nothing and leaves the context as it found it. The application's use
 * of it, with no turbo filter left, is in {@link ObservabilityTest}.
 */
class LogEventMetricsTest {

    private final LoggerContext logback = new LoggerContext();
    private final Logger log = logback.getLogger("dev.calibrate.test");
    private final MeterRegistry first = new SimpleMeterRegistry();
    private final MeterRegistry second = new SimpleMeterRegistry();
    private final LogEventMetrics metrics = new LogEventMetrics(logback);

    LogEventMetricsTest() {
        logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        metrics.bindTo(first);
        metrics.bindTo(second);
    }

    @Test
    void linesWrittenAreCountedByLevelInEveryRegistry() {
        log.error("one error");
        log.warn("a warning");
        log.warn("another warning");
        log.info("some information");
        log.debug("below the level: neither written nor counted");
        log.trace("below the level too");

        for (MeterRegistry registry : new MeterRegistry[] {first, second}) {
            assertThat(count(registry, "error")).isEqualTo(1);
            assertThat(count(registry, "warn")).isEqualTo(2);
            assertThat(count(registry, "info")).isEqualTo(1);
            assertThat(count(registry, "debug")).isZero();
            assertThat(count(registry, "trace")).isZero();
        }
        assertThat(logback.getTurboFilterList()).isEmpty();
    }

    @Test
    void aLoggerSetToALowerLevelHasItsLinesCounted() {
        log.setLevel(Level.TRACE);

        log.debug("written now");
        log.trace("and this");

        assertThat(count(first, "debug")).isEqualTo(1);
        assertThat(count(first, "trace")).isEqualTo(1);
    }

    @Test
    void itKeepsCountingAfterTheContextIsReset() {
        log.warn("before the reset");

        logback.reset();
        assertThat(logback.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(LogEventMetrics.APPENDER)).isNotNull();
        log.warn("after the reset");

        assertThat(count(first, "warn")).isEqualTo(2);
    }

    /** What Spring Boot does when another application context initialises logging in the same JVM. */
    @Test
    void afterSpringBootsReinitialisationItCountsAgainFromTheNextRead() {
        log.warn("before");

        logback.stop(); // resets the context, then drops every listener, reset-resistant ones too
        logback.reset();
        logback.start();
        log.warn("while detached: lost");
        assertThat(count(first, "warn")).isEqualTo(1); // the read puts the appender back
        log.warn("after the read");

        assertThat(count(first, "warn")).isEqualTo(2);
        assertThat(count(second, "warn")).isEqualTo(2);
    }

    @Test
    void onceDestroyedItCountsNothingAndIsNoLongerAttached() {
        log.warn("counted");

        metrics.destroy();
        log.warn("not counted");
        logback.reset();
        log.warn("not counted either");

        assertThat(count(first, "warn")).isEqualTo(1);
        log.warn("a read after it does not attach it again");
        assertThat(count(first, "warn")).isEqualTo(1);
        assertThat(logback.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(LogEventMetrics.APPENDER)).isNull();
        assertThat(logback.getCopyOfListenerList()).isEmpty();
    }

    private static double count(MeterRegistry registry, String level) {
        return registry.get("logback.events").tag("level", level).functionCounter().count();
    }
}
