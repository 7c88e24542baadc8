package dev.calibrate.app.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.servlet.ServletManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stopping node answers 503 on its readiness probe while it still takes new connections and serves them,
 * for {@code calibrate.shutdown.readiness-grace}, and only then closes its port: a load balancer has that
 * long to see the 503 before a request could meet a refused connection. A small web application (the web
 * server, the actuator's probes and {@link ReadinessGrace}) closed in-process as SIGTERM closes it; every
 * request goes on a connection of its own.
 */
class ReadinessGraceTest {

    static final Duration GRACE = Duration.ofSeconds(3);

    ConfigurableApplicationContext node;

    @AfterEach
    void closeTheNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void readinessIs503WhileNewConnectionsAreStillServedForTheGrace() throws Exception {
        node = start(GRACE);
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        assertThat(status(port, "/actuator/health/readiness")).isEqualTo(200);

        long closing = System.nanoTime();
        // a thread of its own: the common pool may have a single thread, busy elsewhere
        FutureTask<Void> closed = new FutureTask<>(node::close, null);
        Thread closer = new Thread(closed, "readiness-grace-test-close");
        closer.start();
        int servedWhileRefusing = 0;
        long lastServed = closing;
        while (!closed.isDone()) {
            long asked = System.nanoTime();
            Integer readiness = statusOrRefused(port, "/actuator/health/readiness", closing);
            Integer hello = statusOrRefused(port, "/hello", closing);
            if (readiness == null || hello == null) {
                break; // the port closed: the grace is over
            }
            if (readiness == 503) {
                assertThat(hello).as("a new connection after readiness turned 503").isEqualTo(200);
                servedWhileRefusing++;
                lastServed = System.nanoTime();
            } else {
                assertThat(asked - closing).as("readiness turns 503 as the close starts")
                        .isLessThan(TimeUnit.SECONDS.toNanos(2));
            }
            Thread.sleep(100);
        }
        closed.get(30, TimeUnit.SECONDS);

        assertThat(servedWhileRefusing).as("requests served on new connections while readiness was 503")
                .isGreaterThanOrEqualTo(2);
        // loose bounds: a loaded 2-core runner may stall a request; without the grace nothing is served at all
        assertThat(Duration.ofNanos(lastServed - closing)).as("served well into the grace")
                .isGreaterThanOrEqualTo(GRACE.dividedBy(2));
        assertThat(statusOrRefused(port, "/hello")).as("the port once the node stopped").isNull();
    }

    @Test
    void noGraceClosesThePortAtOnce() throws Exception {
        node = start(Duration.ZERO);
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        assertThat(status(port, "/hello")).isEqualTo(200);

        long closing = System.nanoTime();
        node.close();

        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(GRACE);
        assertThat(statusOrRefused(port, "/hello")).isNull();
    }

    @Test
    void aNegativeOrHugeGraceIsRefused() {
        for (Duration grace : new Duration[]{Duration.ofSeconds(-1), Duration.ofMinutes(3)}) {
            assertThatThrownBy(() -> new ShutdownSettings(grace)).as("%s", grace)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("calibrate.shutdown.readiness-grace");
        }
    }

    private static ConfigurableApplicationContext start(Duration grace) {
        return new SpringApplicationBuilder(Node.class)
                .web(WebApplicationType.SERVLET)
                .properties(
                        // not the application's own application.yml: this node has the web server and probes alone
                        "spring.config.name=readiness-grace-test",
                        // the embedded PostgreSQL initializer starts nothing when a URL is set; no datasource is made
                        "spring.datasource.url=jdbc:postgresql://unused/none",
                        "server.port=0",
                        "server.shutdown=graceful",
                        "management.endpoint.health.probes.enabled=true",
                        "calibrate.shutdown.readiness-grace=" + grace.toMillis() + "ms",
                        "spring.main.banner-mode=off")
                .run();
    }

    private static int status(int port, String path) throws IOException {
        Integer status = statusOrRefused(port, path);
        assertThat(status).as("connection to %s", path).isNotNull();
        return status;
    }

    /**
     * The status of a GET on a new connection, or null when the port is closed: the connection is refused, or it
     * was reset or closed before an answer (accepted into the backlog just as the connector closed) and a new one
     * is then refused. A reset or an empty answer while the port still takes connections fails the test: that is
     * what the grace is there to prevent.
     */
    private static Integer statusOrRefused(int port, String path) throws IOException {
        return statusOrRefused(port, path, Long.MAX_VALUE);
    }

    /**
     * As {@link #statusOrRefused(int, String)} for a node closing since {@code closing} (nanoTime): once the grace is
     * over the web server stops taking connections, and one that reaches it between that and the port's close is
     * closed unanswered. That is what the grace gives a load balancer time to avoid, so it ends the grace here too;
     * during the grace it fails the test.
     */
    private static Integer statusOrRefused(int port, String path, long closing) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
            if (head.length() == 12) {
                return Integer.valueOf(head.substring(9, 12));
            }
        } catch (ConnectException refused) {
            return null;
        } catch (SocketException reset) {
            // judged below
        }
        if (closing != Long.MAX_VALUE && System.nanoTime() - closing >= GRACE.toNanos()) {
            return null;
        }
        assertThat(refuses(port)).as("%s was reset or closed unanswered while the port still took connections", path)
                .isTrue();
        return null;
    }

    private static boolean refuses(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (ConnectException refused) {
            return true;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
            DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
            ApplicationAvailabilityAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
            AvailabilityProbesAutoConfiguration.class, EndpointAutoConfiguration.class,
            WebEndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
            HealthEndpointAutoConfiguration.class, ManagementContextAutoConfiguration.class,
            ServletManagementContextAutoConfiguration.class})
    @EnableConfigurationProperties(ShutdownSettings.class)
    @Import({ReadinessGrace.class, Hello.class})
    static class Node {
    }

    @RestController
    static class Hello {

        @GetMapping("/hello")
        String hello() {
            return "hello";
        }
    }
}
