package dev.calibrate.query.consistency;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** The read model has not reached the position the client asked to wait for: 503, retry shortly. */
public class ReadModelBehind extends ErrorResponseException {

    public ReadModelBehind(String readModel, long position) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(readModel, position), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
    }

    private static ProblemDetail problem(String readModel, long position) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the " + readModel + " read model has not reached position " + position + " yet; retry shortly");
        problem.setType(URI.create("https://calibrate.dev/problems/read-model-behind"));
        problem.setTitle("Read model behind");
        return problem;
    }
}
