package dev.calibrate.query.consistency;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/**
 * A client asked to wait for a position past the last one the event store has handed out: no write of
 * theirs can be there, so waiting would only hold a thread until the max wait. 400, at once.
 */
public class PositionNeverWritten extends ErrorResponseException {

    public PositionNeverWritten(long position, long head) {
        super(HttpStatus.BAD_REQUEST, problem(position, head), null);
    }

    private static ProblemDetail problem(long position, long head) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "position " + position
                + " was never written (the event store's last position is " + head + "): wait for a position "
                + "a write of yours answered");
        problem.setType(URI.create("https://calibrate.dev/problems/position-never-written"));
        problem.setTitle("Position never written");
        return problem;
    }
}
