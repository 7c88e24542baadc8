package dev.calibrate.app.console.pricechange;

import dev.calibrate.kernel.error.Rejection;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A refusal no handler of these pages places next to a field (an unknown change, a bad page
 * number) answers the console's error page with the API's status, never the API's JSON problem.
 */
@ControllerAdvice(basePackageClasses = PriceChangeConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PriceChangeConsoleAdvice {

    @ExceptionHandler(Rejection.class)
    String refused(Rejection rejection, Model model, HttpServletResponse response) {
        Refusal refusal = Refusal.of(rejection);
        response.setStatus(refusal.status().value());
        model.addAttribute("heading", refusal.status().value() == 404 ? "Not found" : "Not possible");
        model.addAttribute("message", refusal.status().value() == 404
                ? "There is no such price change." : refusal.message());
        return "console/error";
    }
}
