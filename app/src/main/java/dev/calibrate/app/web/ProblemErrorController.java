package dev.calibrate.app.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the servlet container sends a failure that happened outside Spring MVC (a filter that threw,
 * a status set with sendError): it answers a problem document like every other refusal. In place of
 * Spring Boot's default, which answered a request made to {@code /error} itself with a 500.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        ProblemDetail problem = problem(request);
        String requestId = response.getHeader(RequestIdFilter.HEADER);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ProblemDetail problem(HttpServletRequest request) {
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
            // asked for directly, not forwarded to by the container: there is no such resource
            return Problems.problem(HttpStatus.NOT_FOUND, "not-found", "no such resource");
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null || status.is5xxServerError()) {
            return Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                    "the server failed to handle the request; quote the request id when reporting it");
        }
        return Problems.problem(status, "request-refused", "the request was refused: " + status.getReasonPhrase());
    }
}
