package dev.calibrate.app.web;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The node's count of requests in flight, which a price change run gives way to. */
class RequestsInFlightTest {

    private final RequestsInFlight requests = new RequestsInFlight();

    @Test
    void aRequestCountsWhileItsFirstDispatchRuns() throws Exception {
        int[] during = new int[1];
        requests.filter().doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
                (request, response) -> during[0] = requests.now());

        assertThat(during[0]).isEqualTo(1);
        assertThat(requests.now()).isZero();
    }

    @Test
    void requestsServedAtOnceCountTogether() {
        CountDownLatch release = new CountDownLatch(1);
        Runnable held = () -> {
            try {
                requests.filter().doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
                        (request, response) -> {
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        CompletableFuture<Void> first = CompletableFuture.runAsync(held);
        CompletableFuture<Void> second = CompletableFuture.runAsync(held);
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.now() == 2);

        release.countDown();
        first.join();
        second.join();
        assertThat(requests.now()).isZero();
    }

    @Test
    void anEventStreamStopsCountingWhenItsFirstDispatchReturns() throws Exception {
        MockHttpServletRequest stream = new MockHttpServletRequest();
        stream.setAsyncSupported(true);

        requests.filter().doFilter(stream, new MockHttpServletResponse(), (request, response) -> request.startAsync());

        assertThat(stream.isAsyncStarted()).as("still streaming").isTrue();
        assertThat(requests.now()).isZero();
    }

    @Test
    void aFailedRequestStopsCounting() {
        assertThatThrownBy(() -> requests.filter().doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
                (request, response) -> {
                    throw new ServletException("failed");
                })).isInstanceOf(ServletException.class);

        assertThat(requests.now()).isZero();
    }
}
