package dev.calibrate.app.console;

/** A console page for something that is not there (or not the caller's); answered with a 404 page. */
public class ConsoleNotFound extends RuntimeException {

    public ConsoleNotFound(String what) {
        super("There is no such " + what + ".");
    }
}
