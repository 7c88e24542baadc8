package dev.calibrate.query.provenance;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.time.Duration;

/**
 * Reading the product's stream took longer than {@code calibrate.provenance.statement-timeout}: 503 with
 * Retry-After, never a 500.
 */
public class ProvenanceReadTimedOut extends ErrorResponseException {

    public ProvenanceReadTimedOut(Duration timeout, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(timeout), cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
    }

    private static ProblemDetail problem(Duration timeout) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "reading the product's events took longer than " + timeout.toMillis() + " ms; retry later");
        problem.setType(URI.create("https://calibrate.dev/problems/provenance-read-timed-out"));
        problem.setTitle("Provenance read timed out");
        return problem;
    }
}
