package dev.calibrate.app.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import org.axonframework.common.AxonException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps every failure to an RFC 9457 problem that says what is wrong, never how the server works. */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(Rejection.class)
    ResponseEntity<ProblemDetail> rejected(Rejection rejection) {
        HttpStatus status = switch (rejection.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case OVER_BUDGET -> HttpStatus.UNPROCESSABLE_ENTITY;
            case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        ProblemDetail problem = Problems.problem(status, typeOf(rejection.kind()), rejection.getMessage());
        if (rejection instanceof InvalidInput invalid) {
            problem.setProperty("field", invalid.field());
            problem.setProperty("errors", invalid.violations().stream()
                    .map(v -> Map.of("field", v.field(), "message", v.message())).toList());
        }
        rejection.problemProperties().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        rejection.retryAfterSeconds().ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds.toString()));
        return response.body(problem);
    }

    /** Controllers name what is missing; this is the fallback, and like them it never repeats the id. */
    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.problem(HttpStatus.NOT_FOUND, "not-found", "no such resource"));
    }

    /** Two requests raced on one aggregate (or on creating it); the loser may simply retry. */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ResponseEntity<ProblemDetail> concurrentChange(AxonException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.problem(HttpStatus.CONFLICT,
                "concurrent-modification", "the resource was changed by another request at the same time; retry"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
        String detail = "parameter '" + e.getName() + "' has an invalid value";
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "invalid-input", detail);
        problem.setProperty("field", e.getName());
        problem.setProperty("errors", List.of(Map.of("field", e.getName(), "message", "has an invalid value")));
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (causedBy(e, BodySizeLimitFilter.BodyTooLarge.class)) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(Problems.problem(
                    HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "the request body is too large"));
        }
        Optional<String> duplicate = duplicateKey(e);
        if (duplicate.isPresent()) {
            ResponseEntity<ProblemDetail> invalid = rejected(new InvalidInput(duplicate.get(),
                    "appears twice in the object; send each key once"));
            return ResponseEntity.status(invalid.getStatusCode()).body(invalid.getBody());
        }
        String detail = e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "the request needs a JSON body"
                : causedBy(e, StreamConstraintsException.class)
                ? "the body is nested too deeply, or holds a number or a string too long, to be read"
                : "the body is not well-formed JSON";
        return ResponseEntity.badRequest().body(Problems.problem(HttpStatus.BAD_REQUEST, "malformed-json", detail));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "invalid-input",
                "parameter '" + e.getParameterName() + "' is required");
        problem.setProperty("field", e.getParameterName());
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            RequestContext.current().ifPresent(ctx -> problem.setProperty("requestId", ctx.requestId()));
        }
        return response;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, jakarta.servlet.http.HttpServletResponse response) {
        if (response != null && response.isCommitted()) {
            // a streamed body already began: its status is sent, and a problem appended would corrupt it
            log.warn("Failure after the response was committed: {}", e.toString());
            return null;
        }
        if (e instanceof org.springframework.web.ErrorResponse framework) {
            return ResponseEntity.status(framework.getStatusCode()).body(framework.getBody());
        }
        log.error("Unexpected failure", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Problems.problem(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal", "the server failed to handle the request; "
                        + "quote the request id when reporting it"));
    }

    private static String typeOf(Rejection.Kind kind) {
        return switch (kind) {
            case INVALID -> "invalid-input";
            case NOT_FOUND -> "not-found";
            case CONFLICT -> "conflict";
            case FORBIDDEN -> "forbidden";
            case OVER_BUDGET -> "over-budget";
            case TOO_MANY_REQUESTS -> "too-many-requests";
            case UNAVAILABLE -> dev.calibrate.kernel.message.EventTableUnavailable.PROBLEM_TYPE;
        };
    }

    /**
     * The JSON path of the repeated key when the body was refused for one ({@code prices[0].amount});
     * the parser stops on the second occurrence, so its context names the key and where it is.
     */
    private static Optional<String> duplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException parse && parse.getOriginalMessage().startsWith("Duplicate field")
                    && parse.getProcessor() != null) {
                return Optional.of(path(parse.getProcessor().getParsingContext()));
            }
        }
        return Optional.empty();
    }

    private static String path(JsonStreamContext innermost) {
        Deque<JsonStreamContext> outerFirst = new ArrayDeque<>();
        for (JsonStreamContext c = innermost; c != null && !c.inRoot(); c = c.getParent()) {
            outerFirst.push(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : outerFirst) {
            if (c.inArray()) {
                path.append('[').append(c.getCurrentIndex()).append(']');
            } else if (c.getCurrentName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(c.getCurrentName());
            }
        }
        return path.isEmpty() ? "(body)" : path.toString();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }
}
