package dev.calibrate.app.support.browser;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the browser tests drive Chromium, as system properties so a slow machine can lengthen a wait
 * without touching a test: {@code -Dcalibrate.browser.settle-timeout=30s}. The browser and its driver
 * are Debian's ({@code apt-get install chromium chromium-driver}); naming both paths keeps Selenium
 * Manager from looking for, or downloading, another.
 */
public record BrowserSettings(Path chromium, Path chromedriver, Duration pageLoadTimeout, Duration scriptTimeout,
                              Duration settleTimeout, boolean writeDocsScreenshots) {

    /** With {@code true}, every screenshot is also written to {@code docs/console/}; never set in CI. */
    public static final String WRITE_SCREENSHOTS = "calibrate.console.screenshots.write";

    public static BrowserSettings fromSystemProperties() {
        return new BrowserSettings(
                Path.of(System.getProperty("calibrate.browser.chromium", "/usr/bin/chromium")),
                Path.of(System.getProperty("calibrate.browser.chromedriver", "/usr/bin/chromedriver")),
                duration("calibrate.browser.page-load-timeout", "20s"),
                // axe-core checks a page in well under a second; a busy machine may take several
                duration("calibrate.browser.script-timeout", "30s"),
                duration("calibrate.browser.settle-timeout", "10s"),
                Boolean.getBoolean(WRITE_SCREENSHOTS));
    }

    private static Duration duration(String property, String fallback) {
        String value = System.getProperty(property, fallback).trim().toLowerCase();
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        throw new IllegalArgumentException(property + " is a duration like 500ms or 20s, not " + value);
    }
}
