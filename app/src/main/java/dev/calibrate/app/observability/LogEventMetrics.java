package dev.calibrate.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.stereotype.Component;

/**
 * {@code logback_events_total{level}}: the log lines written, by level (a rise in {@code error} or {@code warn}
 * is worth an alert), counted by an appender on the root logger. Micrometer's own binder, which Spring Boot
 * would install, counts them in a logback turbo filter instead, and logback consults turbo filters on every
 * logging call, even a disabled {@code isTraceEnabled()} check: the framework code on a request's path makes
 * dozens of those, about 4 % of a product read's CPU (docs/benchmarks.md). An appender only sees the lines
 * that pass their logger's level. Spring Boot's binder is excluded in application.yml.
 */
@Component
@ConditionalOnClass(LoggerContext.class)
class LogEventMetrics implements MeterBinder, DisposableBean {

    static final String APPENDER = "calibrate-log-event-metrics";

    private final CountingAppender appender = new CountingAppender();

    @Override
    public void bindTo(MeterRegistry registry) {
        appender.error = counter(registry, "error");
        appender.warn = counter(registry, "warn");
        appender.info = counter(registry, "info");
        appender.debug = counter(registry, "debug");
        appender.trace = counter(registry, "trace");
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            appender.setContext(context);
            appender.setName(APPENDER);
            appender.start();
            context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        }
    }

    @Override
    public void destroy() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        }
        appender.stop();
    }

    private static Counter counter(MeterRegistry registry, String level) {
        return Counter.builder("logback.events").tag("level", level)
                .description("log lines written, by level").baseUnit("events").register(registry);
    }

    private static final class CountingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

        private volatile Counter error;
        private volatile Counter warn;
        private volatile Counter info;
        private volatile Counter debug;
        private volatile Counter trace;

        @Override
        protected void append(ILoggingEvent event) {
            Counter counter = switch (event.getLevel().toInt()) {
                case Level.ERROR_INT -> error;
                case Level.WARN_INT -> warn;
                case Level.INFO_INT -> info;
                case Level.DEBUG_INT -> debug;
                default -> trace;
            };
            counter.increment();
        }
    }
}
