package dev.calibrate.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code logback_events_total{level}}: the log lines written, by level (a rise in {@code error} or {@code warn}
 * is worth an alert), counted by an appender on the root logger. Micrometer's own binder, which Spring Boot
 * would install (excluded on {@link dev.calibrate.app.CalibrateApplication}), counts them in a logback turbo
 * filter instead, and logback consults turbo filters on every logging call, even a disabled
 * {@code isTraceEnabled()} check, which the framework code on a request's or an event processor's path makes
 * for every statement and message (docs/benchmarks.md, "Eleventh run"). An appender sees only the lines that
 * pass their logger's level.
 *
 * <p>Reconfiguring logback detaches every appender: a listener puts this one back at once after a plain reset
 * (a configuration scanned again), and every read of the counters puts it back too, since Spring Boot's
 * re-initialisation (another application context starting in the same JVM) stops the context, which drops
 * every listener for good, reset-resistant ones included. Not counted: lines logged before the
 * counters are bound, while it is detached, and of loggers that do not pass their lines on to the root
 * logger ({@code additivity="false"}). With another logging backend than logback nothing is registered.
 */
@Component
class LogEventMetrics implements MeterBinder, DisposableBean {

    static final String APPENDER = "calibrate-log-event-metrics";

    /** Logback's context, or null when another logging backend is in use. */
    private final LoggerContext context;
    private final CountingAppender appender = new CountingAppender();
    private final ReattachOnReset reattach = new ReattachOnReset();
    /** Guarded by this object's monitor, as attaching is: a read racing the context's close cannot attach it again. */
    private boolean destroyed;

    LogEventMetrics() {
        this(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback ? logback : null);
    }

    LogEventMetrics(LoggerContext context) {
        this.context = context;
        if (context != null) {
            appender.setContext(context);
            appender.setName(APPENDER);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (context == null) {
            return;
        }
        for (Level level : CountingAppender.LEVELS) {
            FunctionCounter.builder("logback.events", this, metrics -> metrics.count(level))
                    .tag("level", level.levelStr.toLowerCase(Locale.ROOT))
                    .description("log lines written, by level").baseUnit("events").register(registry);
        }
        if (!context.getCopyOfListenerList().contains(reattach)) {
            context.addListener(reattach);
        }
        ensureAttached();
    }

    @Override
    public synchronized void destroy() {
        destroyed = true;
        if (context != null) {
            context.removeListener(reattach);
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        }
        appender.stop();
    }

    private double count(Level level) {
        ensureAttached();
        return appender.count(level);
    }

    /** Started and on the root logger, unless destroyed; a reconfiguration stops and detaches every appender. */
    private synchronized void ensureAttached() {
        if (destroyed) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (!appender.isStarted() || !root.isAttached(appender)) {
            appender.start();
            root.addAppender(appender); // a no-op when attached already
        }
    }

    private static final class CountingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

        static final Level[] LEVELS = {Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE};

        private final LongAdder[] counts = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
                new LongAdder()};

        @Override
        protected void append(ILoggingEvent event) {
            counts[index(event.getLevel())].increment();
        }

        long count(Level level) {
            return counts[index(level)].sum();
        }

        private static int index(Level level) {
            return switch (level.toInt()) {
                case Level.ERROR_INT -> 0;
                case Level.WARN_INT -> 1;
                case Level.INFO_INT -> 2;
                case Level.DEBUG_INT -> 3;
                case Level.TRACE_INT -> 4;
                // ALL and OFF are thresholds, never the level of a line
                default -> throw new IllegalArgumentException("not the level of a log line: " + level);
            };
        }
    }

    /** A plain reset of logback's context (a configuration scanned again) puts the appender back at once. */
    private final class ReattachOnReset implements LoggerContextListener {

        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext reset) {
            ensureAttached();
        }

        @Override
        public void onStart(LoggerContext started) {
        }

        @Override
        public void onStop(LoggerContext stopped) {
        }

        @Override
        public void onLevelChange(Logger logger, Level level) {
        }
    }
}
