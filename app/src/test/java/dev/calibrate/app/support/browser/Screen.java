package dev.calibrate.app.support.browser;

import java.util.List;

/**
 * A console screen the browser suite visits: its name (the screenshot's file name) and its path,
 * and the sizes to check it at.
 */
public record Screen(String name, String path, List<Viewport> viewports) {

    public static Screen of(String name, String path) {
        return new Screen(name, path, List.of(Viewport.DESKTOP));
    }

    /** Also checked and photographed 390 px wide. */
    public Screen alsoOnPhone() {
        return new Screen(name, path, List.of(Viewport.DESKTOP, Viewport.PHONE));
    }
}
