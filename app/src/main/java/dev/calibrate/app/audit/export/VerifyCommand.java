package dev.calibrate.app.audit.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar calibrate.jar verify <export.jsonl>}: verifies an export offline, without starting the
 * server (no Spring, no database). Prints one line; exit code 0 verified and signed to its end, 1 a bad index,
 * 2 unreadable input, 3 verified but its last leaves covered by no signature. {@code --key <keyId>=<base64>}
 * (repeatable) pins the keys that may sign, instead of trusting the keys the file lists.
 */
public final class VerifyCommand {

    public static final String NAME = "verify";

    private VerifyCommand() {
    }

    private static final String USAGE = "usage: java -jar calibrate.jar verify [--key <keyId>=<base64 public key>]..."
            + " <export.jsonl>";

    /** {@code args}: what follows {@code verify} on the command line. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, byte[]> pinned = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].equals("--key")) {
                files.add(args[i]);
                continue;
            }
            String pin = i + 1 < args.length ? args[++i] : "";
            int eq = pin.indexOf('=');
            byte[] key;
            try {
                key = eq > 0 ? Base64.getDecoder().decode(pin.substring(eq + 1)) : null;
            } catch (IllegalArgumentException e) {
                key = null;
            }
            if (key == null || key.length != 32 || pinned.put(pin.substring(0, eq), key) != null) {
                err.println("--key takes <keyId>=<base64 of the 32-byte Ed25519 public key>, once per key id");
                err.println(USAGE);
                return 2;
            }
        }
        if (files.size() != 1) {
            err.println(USAGE);
            return 2;
        }
        Path file = Path.of(files.get(0));
        ExportVerifier.Outcome outcome;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            outcome = ExportVerifier.verify(lines, pinned);
        } catch (IOException e) {
            err.println("unreadable export: cannot open " + file + ": " + e.getMessage());
            return 2;
        }
        (outcome.exitCode() == 2 ? err : out).println(outcome.message());
        return outcome.exitCode();
    }
}
