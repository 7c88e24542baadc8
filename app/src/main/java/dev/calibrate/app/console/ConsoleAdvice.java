package dev.calibrate.app.console;

import dev.calibrate.app.security.CallerAuthentication;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;

/** What every console page knows ({@code me}) and how a refused action looks. */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
class ConsoleAdvice {

    @ModelAttribute("me")
    Me me() {
        return CallerAuthentication.current().map(Me::new).orElse(null);
    }

    @ExceptionHandler(ConsoleForbidden.class)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden(ConsoleForbidden e, Model model) {
        model.addAttribute("title", "Not allowed");
        model.addAttribute("message", e.getMessage());
        return "console/error";
    }
}
