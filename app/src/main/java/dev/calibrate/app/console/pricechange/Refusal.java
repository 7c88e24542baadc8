package dev.calibrate.app.console.pricechange;

import dev.calibrate.kernel.error.Rejection;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;

/**
 * Why the API refused an action, with the status it would have answered: the console shows the
 * same message next to the action and answers the page with that status. Anything that is not a
 * refusal (a bug, the database gone) is not caught here.
 */
record Refusal(HttpStatus status, String message) {

    static Refusal of(RuntimeException e) {
        if (e instanceof Rejection rejection) {
            HttpStatus status = switch (rejection.kind()) {
                case INVALID -> HttpStatus.BAD_REQUEST;
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case CONFLICT -> HttpStatus.CONFLICT;
                case FORBIDDEN -> HttpStatus.FORBIDDEN;
                case OVER_BUDGET -> HttpStatus.UNPROCESSABLE_ENTITY;
                case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
                case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            };
            return new Refusal(status, rejection.getMessage());
        }
        if (e instanceof ConcurrencyException || e instanceof AggregateStreamCreationException) {
            return new Refusal(HttpStatus.CONFLICT,
                    "the price change was changed by another request at the same time; try again");
        }
        throw e;
    }
}
