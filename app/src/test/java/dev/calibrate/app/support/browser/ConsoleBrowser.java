package dev.calibrate.app.support.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * One headless Chromium for a test class, driving the console of the application the test's Spring
 * context started. {@link #visit} is what every screen goes through: load, wait for htmx to settle,
 * screenshot, read the browser's console (a CSP violation or a missing asset is an error) and run
 * axe-core; {@link #visitAll} does it for a list of screens and reports every problem at once.
 */
public final class ConsoleBrowser implements AutoCloseable {

    /** Loaded, htmx (when the page loads it) defined, and no htmx request, swap or settle under way. */
    private static final String SETTLED = """
            return document.readyState === 'complete'
                && (!document.querySelector('script[src*="htmx"]') || typeof window.htmx !== 'undefined')
                && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added');
            """;

    private final ChromeDriver driver;
    private final BrowserSettings settings;
    private final Screenshots screenshots;
    private final Path profile;
    private String base;
    private Viewport viewport;

    private ConsoleBrowser(ChromeDriver driver, BrowserSettings settings, Path profile) {
        this.driver = driver;
        this.settings = settings;
        this.screenshots = new Screenshots(settings.writeDocsScreenshots());
        this.profile = profile;
        viewport(Viewport.DESKTOP);
    }

    public static ConsoleBrowser start(BrowserSettings settings) {
        requireExecutable(settings.chromium(), "chromium");
        requireExecutable(settings.chromedriver(), "chromium-driver");
        Path profile;
        try {
            profile = Files.createTempDirectory("calibrate-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(settings.chromium().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setPageLoadTimeout(settings.pageLoadTimeout());
        options.setScriptTimeout(settings.scriptTimeout());
        // the driver named here, so Selenium Manager never runs (it would look for, even download, a browser)
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(settings.chromedriver().toFile()).usingAnyFreePort().build();
        return new ConsoleBrowser(new ChromeDriver(service, options), settings, profile);
    }

    /** The application under test; paths given to this browser are relative to it. */
    public ConsoleBrowser at(int port) {
        this.base = "http://localhost:" + port;
        return this;
    }

    public String base() {
        return base;
    }

    /** Signed out, as a new visitor: every cookie of every site gone. */
    public void forgetSession() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    /** Loads a path of the app and waits until the page and its htmx requests have settled. */
    public void open(String path) {
        driver.get(path.startsWith("http") || path.startsWith("data:") ? path : base + path);
        settle();
    }

    public void settle() {
        new WebDriverWait(driver, settings.settleTimeout())
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(SETTLED)));
    }

    /**
     * Signs in through the sign-in page's token form, as a person pasting a token would; whoever was
     * signed in before is forgotten, so a journey switches people (author, then approver) with one call.
     */
    public void signInWithToken(String token) {
        forgetSession();
        open("/console/login");
        WebElement input = driver.findElement(By.name("token"));
        input.clear();
        input.sendKeys(token);
        WebElement form = input.findElement(By.xpath("./ancestor::form"));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waitUntil(() -> !path().equals("/console/login") || !driver.findElements(By.id("token-error")).isEmpty());
        settle();
    }

    /** Presses the header's Sign out button. */
    public void signOut() {
        driver.findElement(By.cssSelector("form.signout button[type=submit]")).click();
        waitUntil(() -> path().startsWith("/console/login"));
        settle();
    }

    /** Types into the field named {@code name} (what was there is replaced). */
    public void fill(String name, String value) {
        WebElement field = driver.findElement(By.name(name));
        field.clear();
        field.sendKeys(value);
    }

    /** Presses the button (or submit input) whose text is exactly {@code label}, then waits for the page and htmx. */
    public void press(String label) {
        List<WebElement> buttons = driver.findElements(By.xpath(
                "//button[normalize-space(.)=$label] | //input[@type='submit' and @value=$label]"
                        .replace("$label", xpathLiteral(label))));
        if (buttons.isEmpty()) {
            throw new AssertionError("no button \"" + label + "\" on " + path());
        }
        buttons.get(0).click();
        settle();
    }

    /**
     * Waits until an element matching {@code css} shows {@code text} (a page polling with htmx, items
     * reaching SYNCED), for at most {@code timeout}. A polling page swaps the element between finding it
     * and reading its text: a stale element is looked for again, not a failure.
     */
    public void waitForText(String css, String text, Duration timeout) {
        new WebDriverWait(driver, timeout).withMessage(() -> "\"" + text + "\" in " + css + " on " + path())
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(text)));
        settle();
    }

    /** Waits until the browser shows {@code path} (a click that navigates may return before the page changes). */
    public void waitForPath(String path) {
        waitUntil(() -> path.equals(path()));
        settle();
    }

    /** The path (and query) the browser shows now. */
    public String path() {
        URI uri = URI.create(driver.getCurrentUrl());
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    public String title() {
        return driver.getTitle();
    }

    /**
     * The element, waiting for it as long as a page may take to settle: a click on a submit button can
     * leave the old page looking settled for a moment before the browser starts to replace it, and a
     * lookup in between finds nothing (seen under load in CI, after "Connect" on the connectors page).
     */
    public WebElement find(String css) {
        return new WebDriverWait(driver, settings.settleTimeout())
                .until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** A script that ends by calling {@code arguments[arguments.length - 1]} with its answer. */
    public Object asyncScript(String script, Object... args) {
        return driver.executeAsyncScript(script, args);
    }

    /** The errors the page's console received since the last call (and forgets them). */
    public List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /** The serious and critical axe-core violations of the page as it is now. */
    public List<Axe.Violation> axe() {
        return Axe.check(driver).stream().filter(Axe.Violation::failing).toList();
    }

    /** Sizes the page's viewport exactly (the window's chrome does not count), as a phone when asked. */
    public void viewport(Viewport size) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", size.width, "height", size.height, "deviceScaleFactor", 1, "mobile", size.mobile));
        this.viewport = size;
    }

    public Path screenshot(String name) {
        return screenshots.write(name, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Load, settle, screenshot, console errors, axe: what the suite checks on a screen, at the current size. */
    public Visit visit(String name, String path) {
        consoleErrors();
        open(path);
        String landed = path();
        Path shot = screenshot(name + viewport.suffix);
        List<String> errors = consoleErrors();
        return new Visit(name + viewport.suffix, path, landed, title(), errors, axe(), shot);
    }

    public Visit visit(Screen screen, Viewport size) {
        Viewport before = viewport;
        viewport(size);
        try {
            return visit(screen.name(), screen.path());
        } finally {
            viewport(before);
        }
    }

    /** Every screen at each of its sizes; fails once, listing every problem of every screen. */
    public List<Visit> visitAll(List<Screen> screens) {
        List<Visit> visits = new ArrayList<>();
        for (Screen screen : screens) {
            for (Viewport size : screen.viewports()) {
                visits.add(visit(screen, size));
            }
        }
        List<String> problems = visits.stream().filter(v -> !v.clean()).map(Visit::report).toList();
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " of " + visits.size() + " screens have problems:\n"
                    + String.join("\n", problems));
        }
        return visits;
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, settings.pageLoadTimeout()).until(d -> condition.getAsBoolean());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory the OS clears anyway
            }
        }
    }

    private static String xpathLiteral(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    private static void requireExecutable(Path file, String debianPackage) {
        if (!Files.isExecutable(file)) {
            throw new IllegalStateException(file + " is missing: the browser tests drive Debian's Chromium; "
                    + "apt-get install chromium chromium-driver (" + debianPackage + " holds this one; .ci/run "
                    + "installs both), or name another with -Dcalibrate.browser." + debianPackage.replace("chromium-driver", "chromedriver"));
        }
    }
}
