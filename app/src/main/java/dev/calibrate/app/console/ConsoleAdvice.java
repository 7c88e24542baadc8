package dev.calibrate.app.console;

import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.kernel.error.Rejection;
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

/**
 * What every console page knows ({@code me}) and how a refused action looks. Ordered before the API's
 * problem advice, so a console page that fails answers with a page, not a JSON problem.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
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
        };
        response.setStatus(status.value());
        model.addAttribute("heading", status == HttpStatus.NOT_FOUND ? "Not found" : "That did not work");
        model.addAttribute("message", status == HttpStatus.NOT_FOUND
                ? "There is nothing here, or it is not yours to see." : rejection.getMessage());
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
