package dev.calibrate.app.support.browser;

import org.openqa.selenium.JavascriptExecutor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * axe-core, from its webjar on the test classpath, run inside the page the browser shows. The script
 * is injected through WebDriver rather than served, so the console's CSP ({@code script-src 'self'})
 * stays as strict in tests as in production.
 */
public final class Axe {

    /** The impacts that fail a screen; {@code moderate} and {@code minor} are left to review. */
    static final Set<String> FAILING = Set.of("serious", "critical");

    private static final String WEBJAR = "META-INF/resources/webjars/axe-core/";

    private static final String RUN = """
            var done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']}).then(function (results) {
                done(results.violations.map(function (v) {
                    return {id: v.id, impact: v.impact || '', help: v.help,
                            nodes: v.nodes.map(function (n) { return n.target.join(' ') + ': ' + n.failureSummary; })};
                }));
            }, function (error) { done([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}]); });
            """;

    private static volatile String script;

    public record Violation(String id, String impact, String help, List<String> nodes) {
        public boolean failing() {
            return FAILING.contains(impact);
        }

        public String describe() {
            return id + " (" + impact + "): " + help
                    + nodes.stream().map(n -> "\n      " + n.replace("\n", "\n        ")).reduce("", String::concat);
        }
    }

    private Axe() {
    }

    /** Every violation axe finds on the page as it is now. */
    @SuppressWarnings("unchecked")
    static List<Violation> check(JavascriptExecutor page) {
        if (!Boolean.TRUE.equals(page.executeScript("return typeof axe !== 'undefined';"))) {
            page.executeScript(script());
        }
        Object answer = page.executeAsyncScript(RUN);
        List<Violation> violations = new ArrayList<>();
        for (Object entry : (List<Object>) answer) {
            Map<String, Object> v = (Map<String, Object>) entry;
            violations.add(new Violation((String) v.get("id"), (String) v.get("impact"), (String) v.get("help"),
                    ((List<Object>) v.get("nodes")).stream().map(String::valueOf).toList()));
        }
        return violations;
    }

    static String version() {
        Properties pom = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static String script() {
        if (script == null) {
            try (InputStream in = resource(WEBJAR + version() + "/axe.min.js")) {
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }

    private static InputStream resource(String name) {
        InputStream in = Axe.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the test classpath (org.webjars.npm:axe-core)");
        }
        return in;
    }
}
