package dev.calibrate.query.feed;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.time.Duration;

/** A page of the feed whose read ran past the statement timeout: the database is busy; retry. */
public class FeedReadTimedOut extends ErrorResponseException {

    public FeedReadTimedOut(Duration timeout, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(timeout), cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
    }

    private static ProblemDetail problem(Duration timeout) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "reading the events took longer than " + timeout.toMillis() + " ms; retry in a moment");
        problem.setType(URI.create("https://calibrate.dev/problems/feed-read-timed-out"));
        problem.setTitle("Event feed read timed out");
        return problem;
    }
}
