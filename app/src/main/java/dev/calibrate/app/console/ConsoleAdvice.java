package dev.calibrate.app.console;

import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.query.consistency.PositionNeverWritten;
import dev.calibrate.query.consistency.ReadModelBehind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What every console page knows ({@code me}) and how a refused action looks. Ordered before the API's
 * problem advice, so a console page that fails answers with a page, not a JSON problem, and after a
 * screen's own advice (price changes'), which says more about its own refusals.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class ConsoleAdvice {

    @ModelAttribute("me")
    Me me() {
        return CallerAuthentication.current().map(Me::new).orElse(null);
    }

    @ExceptionHandler(ConsoleForbidden.class)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden(ConsoleForbidden e, Model model) {
        model.addAttribute("heading", "Not allowed");
        model.addAttribute("message", e.getMessage());
        return "console/error";
    }

    /** A read or command the console passed on was refused: the same status the API answers, as a page. */
    @ExceptionHandler(Rejection.class)
    String rejected(Rejection rejection, Model model, HttpServletResponse response) {
        HttpStatus status = switch (rejection.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case OVER_BUDGET -> HttpStatus.UNPROCESSABLE_ENTITY;
            case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        response.setStatus(status.value());
        model.addAttribute("heading", status == HttpStatus.NOT_FOUND ? "Not found" : "That did not work");
        model.addAttribute("message", status == HttpStatus.NOT_FOUND
                ? "There is nothing here, or it is not yours to see." : rejection.getMessage());
        return "console/error";
    }

    /**
     * A page asked to show a write ({@code at} or {@code position}, set by the console's own redirects)
     * that the read model has not reached in time, or a position nobody wrote: the same page as it is
     * now, rather than an error for what is only a wait.
     */
    @ExceptionHandler({ReadModelBehind.class, PositionNeverWritten.class})
    String behind(HttpServletRequest request, Model model, HttpServletResponse response) {
        if ("GET".equals(request.getMethod())) {
            String query = request.getQueryString() == null ? "" : Arrays.stream(request.getQueryString().split("&"))
                    .filter(p -> !p.startsWith("at=") && !p.startsWith("position="))
                    .collect(Collectors.joining("&"));
            return "redirect:" + request.getRequestURI() + (query.isEmpty() ? "" : "?" + query);
        }
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        model.addAttribute("heading", "Still catching up");
        model.addAttribute("message", "That was saved, but this page cannot show it yet. Reload in a moment.");
        return "console/error";
    }

    /**
     * A parameter of the wrong type, a missing one, or one holding control characters (the firewall
     * refuses those when the parameter is read): the client's mistake, a 400 page.
     */
    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
            RequestRejectedException.class})
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String badRequest(Exception e, Model model) {
        model.addAttribute("heading", "That request is not valid");
        model.addAttribute("message", e instanceof MethodArgumentTypeMismatchException mismatch
                ? "The value of " + mismatch.getName() + " is not valid."
                : e instanceof MissingServletRequestParameterException missing
                ? missing.getParameterName() + " is required."
                : "The address holds characters that are not accepted.");
        return "console/error";
    }
}
