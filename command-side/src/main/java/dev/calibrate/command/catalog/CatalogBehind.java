package dev.calibrate.command.catalog;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/**
 * This node's preview catalog has not reached the position the client asked to wait for (or is still
 * being rebuilt): 503, retry shortly. The same problem type as a read model that is behind.
 */
public class CatalogBehind extends ErrorResponseException {

    public CatalogBehind(String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(detail), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
    }

    static CatalogBehind atPosition(long position) {
        return new CatalogBehind("the preview catalog of this node has not reached position " + position
                + " yet; retry shortly");
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setType(URI.create("https://calibrate.dev/problems/read-model-behind"));
        problem.setTitle("Read model behind");
        return problem;
    }
}
