package dev.calibrate.app.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs tours with bash as a reader would, one shell for all of them (a later tour may use what an
 * earlier one set), and records every HTTP exchange curl made: {@code curl} is wrapped so that it
 * reports each answer's status on stderr, whatever the block does with the body.
 */
final class TourRun {

    record Exchange(String block, int status, String method, String url) {
        boolean failed() {
            return status < 200 || status >= 400;
        }
    }

    record Result(int exitCode, boolean timedOut, String stdout, String stderr, List<Exchange> exchanges,
                  String lastBlock) {

        List<Exchange> failures() {
            return exchanges.stream().filter(Exchange::failed).toList();
        }

        String report() {
            return "exit " + exitCode + (timedOut ? " (timed out)" : "") + ", last block " + lastBlock
                    + "\n--- failed exchanges: " + failures() + "\n--- stdout:\n" + tail(stdout)
                    + "\n--- stderr:\n" + tail(stderr);
        }

        private static String tail(String text) {
            return text.length() <= 20_000 ? text : "…" + text.substring(text.length() - 20_000);
        }
    }

    private static final String BLOCK = "TOUR-BLOCK ";
    private static final String HTTP = "TOUR-HTTP ";
    private static final Pattern HTTP_LINE = Pattern.compile(HTTP + "(\\d{3}) (\\S+) (.*)");

    private TourRun() {
    }

    /**
     * @param substitutions literal text of the pages replaced before running (the README's
     *                      {@code http://localhost:8080} by the test server's address, say)
     */
    static Result run(List<ShellTour> tours, Map<String, String> substitutions, Path workDir, Duration timeout) {
        StringBuilder script = new StringBuilder("""
                set -euo pipefail
                curl() { command curl --write-out '%{stderr}TOUR-HTTP %{http_code} %{method} %{url_effective}\\n' "$@"; }
                """);
        for (ShellTour tour : tours) {
            for (ShellTour.Block block : tour.blocks()) {
                script.append("echo '").append(BLOCK).append(block.where()).append("' >&2\n");
                script.append(block.text()).append('\n');
            }
        }
        String text = script.toString();
        for (Map.Entry<String, String> s : substitutions.entrySet()) {
            text = text.replace(s.getKey(), s.getValue());
        }
        try {
            Path file = workDir.resolve("tour.sh");
            Files.writeString(file, text);
            Path out = workDir.resolve("tour.out");
            Path err = workDir.resolve("tour.err");
            Process bash = new ProcessBuilder("bash", file.toString()).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean finished = bash.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                bash.descendants().forEach(ProcessHandle::destroyForcibly);
                bash.destroyForcibly().waitFor();
            }
            String stderr = Files.readString(err);
            return parse(finished ? bash.exitValue() : -1, !finished, Files.readString(out), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result parse(int exitCode, boolean timedOut, String stdout, String stderr) {
        List<Exchange> exchanges = new ArrayList<>();
        String block = "(before the first block)";
        for (String line : stderr.split("\n")) {
            if (line.startsWith(BLOCK)) {
                block = line.substring(BLOCK.length());
            } else {
                Matcher http = HTTP_LINE.matcher(line);
                if (http.matches()) {
                    exchanges.add(new Exchange(block, Integer.parseInt(http.group(1)), http.group(2), http.group(3)));
                }
            }
        }
        return new Result(exitCode, timedOut, stdout, stderr, List.copyOf(exchanges), block);
    }
}
