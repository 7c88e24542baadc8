package dev.calibrate.app.console;

import dev.calibrate.app.support.browser.Screen;

import java.util.List;

/**
 * The console's screens the browser suite visits, axes and photographs ({@link EveryScreenBrowserTest}).
 * A new screen is one line here; its screenshot appears as {@code app/target/console-screenshots/<name>.png}.
 * A screen that needs data first (a price change with its preview) is visited by its own test there.
 */
final class ConsoleScreens {

    /** Seen before signing in. */
    static final List<Screen> SIGNED_OUT = List.of(
            Screen.of("login", "/console/login").alsoOnPhone());

    /** Seen by a tenant's user holding every scope. */
    static final List<Screen> SIGNED_IN = List.of(
            Screen.of("dashboard", "/console").alsoOnPhone(),
            Screen.of("products", "/console/products").alsoOnPhone(),
            Screen.of("audit", "/console/audit"),
            Screen.of("price-at", "/console/audit/price-at"),
            Screen.of("price-changes", "/console/price-changes"),
            Screen.of("price-change-builder", "/console/price-changes/new").alsoOnPhone(),
            Screen.of("connectors", "/console/connectors"),
            Screen.of("shopify-deliveries", "/console/connectors/shopify/deliveries"),
            Screen.of("shopify-drift", "/console/connectors/shopify/drift"),
            Screen.of("amazon", "/console/connectors/amazon"),
            Screen.of("competitors", "/console/competitors"),
            Screen.of("price-position", "/console/competitors/price-position"),
            Screen.of("policy", "/console/policy"),
            Screen.of("people", "/console/users"));

    /** Seen by the platform's administrator. */
    static final List<Screen> PLATFORM_ADMIN = List.of(
            Screen.of("admin", "/console/admin"));

    private ConsoleScreens() {
    }
}
