package dev.calibrate.query.anomaly;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.time.Duration;

/** Reading the event store took longer than {@code calibrate.anomalies.statement-timeout}: 503, ask for a smaller page. */
public class AnomalyReadTimedOut extends ErrorResponseException {

    public AnomalyReadTimedOut(Duration timeout, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(timeout), cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
    }

    private static ProblemDetail problem(Duration timeout) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "reading the products' events took longer than " + timeout.toMillis() + " ms; retry, or ask for a smaller size");
        problem.setType(URI.create("https://calibrate.dev/problems/anomaly-read-timed-out"));
        problem.setTitle("Anomaly read timed out");
        return problem;
    }
}
