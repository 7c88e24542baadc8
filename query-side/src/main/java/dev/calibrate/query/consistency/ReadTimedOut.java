package dev.calibrate.query.consistency;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.time.Duration;

/**
 * A read of the event store that ran past its statement timeout: the database is busy, or the read was
 * large. 503 with Retry-After, never a 500; each {@link Read} keeps its own problem type.
 */
public class ReadTimedOut extends ErrorResponseException {

    /** What was being read, as its problem names it. */
    public enum Read {
        FEED("feed-read-timed-out", "Event feed read timed out", "reading the events", "retry in a moment"),
        ANOMALIES("anomaly-read-timed-out", "Anomaly read timed out", "reading the products' events",
                "retry, or ask for a smaller size"),
        PROVENANCE("provenance-read-timed-out", "Provenance read timed out", "reading the product's events",
                "retry later"),
        PRICE_AT("price-at-read-timed-out", "Price-at read timed out", "reading the product's events",
                "retry later");

        private final String type;
        private final String title;
        private final String what;
        private final String advice;

        Read(String type, String title, String what, String advice) {
            this.type = type;
            this.title = title;
            this.what = what;
            this.advice = advice;
        }
    }

    public ReadTimedOut(Read read, Duration timeout, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(read, timeout), cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
    }

    private static ProblemDetail problem(Read read, Duration timeout) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                read.what + " took longer than " + timeout.toMillis() + " ms; " + read.advice);
        problem.setType(URI.create("https://calibrate.dev/problems/" + read.type));
        problem.setTitle(read.title);
        return problem;
    }
}
