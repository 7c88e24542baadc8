package dev.calibrate.app.audit.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar calibrate.jar verify <export.jsonl>}: verifies an export offline, without starting the
 * server (no Spring, no database). Prints one line; exit code 0 verified, 1 a bad index, 2 unreadable input.
 */
public final class VerifyCommand {

    public static final String NAME = "verify";

    private VerifyCommand() {
    }

    /** {@code args}: what follows {@code verify} on the command line. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: java -jar calibrate.jar verify <export.jsonl>");
            return 2;
        }
        Path file = Path.of(args[0]);
        ExportVerifier.Outcome outcome;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            outcome = ExportVerifier.verify(lines);
        } catch (IOException e) {
            err.println("unreadable export: cannot open " + file + ": " + e.getMessage());
            return 2;
        }
        (outcome.exitCode() == 2 ? err : out).println(outcome.message());
        return outcome.exitCode();
    }
}
