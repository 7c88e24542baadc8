package dev.calibrate.app.console;

import dev.calibrate.app.support.browser.Screen;

import java.util.List;

/**
 * The console's screens the browser suite visits, axes and photographs ({@link EveryScreenBrowserTest}).
 * A new screen is one line here; its screenshot appears as {@code app/target/console-screenshots/<name>.png}.
 */
final class ConsoleScreens {

    /** Seen before signing in. */
    static final List<Screen> SIGNED_OUT = List.of(
            Screen.of("login", "/console/login").alsoOnPhone());

    /** Seen by a tenant's user holding every scope. */
    static final List<Screen> SIGNED_IN = List.of(
            Screen.of("dashboard", "/console").alsoOnPhone());

    private ConsoleScreens() {
    }
}
