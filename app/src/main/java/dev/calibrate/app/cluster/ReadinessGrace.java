package dev.calibrate.app.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Keeps a stopping node serving for {@code calibrate.shutdown.readiness-grace} after its readiness turned 503.
 * Spring Boot sets readiness to {@code REFUSING_TRAFFIC} as the context starts closing, and the web server's
 * graceful shutdown (its first lifecycle to stop) refuses new connections at once: a load balancer that had
 * not yet seen the 503 sent requests to a closed port. This waits in between, on the context-closed event,
 * which comes after the readiness change and before any lifecycle stops; the scheduler is paused first
 * ({@code SchedulerStopsBeforeAxon}), so it fetches no more tasks during the wait (one it had fetched may still start). A context with no web server (a tool, a test) has no port to keep open.
 */
@Component
@ConditionalOnWebApplication
class ReadinessGrace implements ApplicationListener<ContextClosedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ReadinessGrace.class);

    private final Duration grace;
    private final ApplicationContext context;

    ReadinessGrace(ShutdownSettings settings, ApplicationContext context) {
        this.grace = settings.readinessGrace();
        this.context = context;
    }

    /**
     * Right after the scheduler's pause, before other listeners of the close, so that nothing they stop
     * (the actuator's own context, for one, when {@code management.server.port} is set) is gone during the grace.
     */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent closing) {
        // a child context's close (one reaches its parent's listeners too) is not this node's
        if (grace.isZero() || closing.getApplicationContext() != context) {
            return;
        }
        log.info("Readiness is down; serving {} more before the web server stops taking connections", grace);
        try {
            Thread.sleep(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
