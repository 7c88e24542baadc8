package dev.calibrate.app.support.browser;

/** The sizes the console is checked and photographed at: the desktop and a 390-wide phone. */
public enum Viewport {
    DESKTOP(1280, 800, false, ""),
    PHONE(390, 844, true, "-phone");

    final int width;
    final int height;
    final boolean mobile;
    /** Appended to a screen's name for its screenshot: {@code dashboard-phone.png}. */
    final String suffix;

    Viewport(int width, int height, boolean mobile, String suffix) {
        this.width = width;
        this.height = height;
        this.mobile = mobile;
        this.suffix = suffix;
    }
}
