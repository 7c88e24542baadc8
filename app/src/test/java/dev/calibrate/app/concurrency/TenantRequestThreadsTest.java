package dev.calibrate.app.concurrency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up warning when the node's waiting room is as large as its request threads. */
@ExtendWith(OutputCaptureExtension.class)
class TenantRequestThreadsTest {

    private static final String WARNING = "node-waiting (%d) is not under server.tomcat.threads.max (%d)";

    @Test
    void aWaitingRoomAsLargeAsTheThreadsIsWarnedOf(CapturedOutput output) {
        ServerProperties server = new ServerProperties();
        server.getTomcat().getThreads().setMax(150);

        new TenantRequestThreads(settings(8, 150), provider(server));

        assertThat(output).contains(WARNING.formatted(150, 150));
    }

    @Test
    void aWaitingRoomUnderTheThreadsTheLimitOffOrNoWebServerIsNot(CapturedOutput output) {
        new TenantRequestThreads(settings(8, 100), provider(new ServerProperties()));
        new TenantRequestThreads(settings(0, 1000), provider(new ServerProperties()));
        new TenantRequestThreads(settings(8, 1000), provider(null));

        assertThat(output).doesNotContain("is not under server.tomcat.threads.max");
    }

    /** The server's settings as the context hands them over; null: no web server. */
    private static ObjectProvider<ServerProperties> provider(ServerProperties server) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (server != null) {
            beans.addBean("serverProperties", server);
        }
        return beans.getBeanProvider(ServerProperties.class);
    }

    private static TenantRequestSettings settings(int running, int nodeWaiting) {
        return new TenantRequestSettings(running, 24, Duration.ofSeconds(2), nodeWaiting);
    }
}
