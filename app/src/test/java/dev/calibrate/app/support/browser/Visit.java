package dev.calibrate.app.support.browser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the browser found on one screen at one size. */
public record Visit(String name, String path, String landedOn, String title, List<String> consoleErrors,
                    List<Axe.Violation> violations, Path screenshot) {

    /** Still at the path asked for (not sent to sign in, not redirected), no console error, no serious axe finding. */
    public boolean clean() {
        return problems().isEmpty();
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        String asked = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String landed = landedOn.contains("?") ? landedOn.substring(0, landedOn.indexOf('?')) : landedOn;
        if (!landed.equals(asked)) {
            problems.add("asked for " + path + " but the browser ended at " + landedOn);
        }
        consoleErrors.forEach(e -> problems.add("console: " + e));
        violations.forEach(v -> problems.add("axe " + v.describe()));
        return problems;
    }

    public String report() {
        return "  " + name + " (" + path + ", \"" + title + "\", " + screenshot.getFileName() + "):\n    "
                + String.join("\n    ", problems());
    }

    public Visit assertClean() {
        if (!clean()) {
            throw new AssertionError("problems on a screen:\n" + report());
        }
        return this;
    }
}
