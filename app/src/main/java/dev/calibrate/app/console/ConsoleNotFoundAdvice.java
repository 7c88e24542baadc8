package dev.calibrate.app.console;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The console's 404 page, rather than the API's problem document. */
@ControllerAdvice(basePackageClasses = ConsoleNotFoundAdvice.class)
class ConsoleNotFoundAdvice {

    @ExceptionHandler(ConsoleNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(ConsoleNotFound e, Model model) {
        model.addAttribute("heading", "Not found");
        model.addAttribute("message", e.getMessage());
        return "console/error";
    }
}
