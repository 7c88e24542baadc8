package dev.calibrate.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Writes RFC 9457 problem documents from places outside Spring MVC (servlet filters). */
@Component
public class Problems {

    static final String TYPE_BASE = "https://calibrate.dev/problems/";

    private final ObjectMapper objectMapper;

    public Problems(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(status.getReasonPhrase());
        RequestContext.current().ifPresent(ctx -> problem.setProperty("requestId", ctx.requestId()));
        return problem;
    }

    public void write(HttpServletResponse response, HttpStatus status, String type, String detail) throws IOException {
        write(response, problem(status, type, detail));
    }

    /** A 400 naming the offending field, shaped like the ones {@link ProblemAdvice} answers for bodies. */
    public void writeInvalid(HttpServletResponse response, String field, String reason) throws IOException {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", field + ": " + reason);
        problem.setProperty("field", field);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", reason)));
        write(response, problem);
    }

    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
