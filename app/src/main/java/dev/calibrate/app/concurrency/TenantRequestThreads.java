package dev.calibrate.app.concurrency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.stereotype.Component;

/**
 * Says at start-up when the node's bound on waiting requests cannot do its job: requests waiting for a place hold
 * request threads, so {@code node-waiting} at or above Tomcat's {@code server.tomcat.threads.max} lets tenants at
 * their limits take every thread by waiting. A warning, not a refusal: a bench that drives one tenant alone sets it
 * high on purpose.
 */
@Component
class TenantRequestThreads {

    private static final Logger log = LoggerFactory.getLogger(TenantRequestThreads.class);

    TenantRequestThreads(TenantRequestSettings settings, ObjectProvider<ServerProperties> servers) {
        // none when the application runs without a web server: then no request waits either
        ServerProperties server = servers.getIfAvailable();
        if (server == null) {
            return;
        }
        int threads = server.getTomcat().getThreads().getMax();
        if (settings.enabled() && settings.nodeWaiting() >= threads) {
            log.warn("calibrate.web.tenant-requests.node-waiting ({}) is not under server.tomcat.threads.max ({}):"
                    + " tenants' requests waiting for a place can take every request thread of this node;"
                    + " see docs/operations.md, Requests at once per tenant", settings.nodeWaiting(), threads);
        }
    }
}
