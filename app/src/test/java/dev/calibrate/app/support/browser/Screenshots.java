package dev.calibrate.app.support.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where screenshots go: always {@code app/target/console-screenshots/}, and with
 * {@code -Dcalibrate.console.screenshots.write=true} also {@code docs/console/}, the committed copies
 * the docs and README show (CI never sets it, so it never changes the tree).
 */
final class Screenshots {

    private final Path target;
    private final Path docs;

    Screenshots(boolean writeDocs) {
        Path root = projectRoot();
        this.target = root.resolve("app/target/console-screenshots");
        this.docs = writeDocs ? root.resolve("docs/console") : null;
    }

    Path write(String name, byte[] png) {
        Path file = target.resolve(name + ".png");
        try {
            Files.createDirectories(target);
            Files.write(file, png);
            if (docs != null) {
                Files.createDirectories(docs);
                Files.write(docs.resolve(name + ".png"), png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the repository: " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
