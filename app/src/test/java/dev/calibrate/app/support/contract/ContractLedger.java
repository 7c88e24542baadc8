package dev.calibrate.app.support.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * What the contract filter saw, for the whole test JVM (every Spring context shares it): the
 * operations called, for the coverage check at the end, and the responses that broke the document,
 * for the test during which they happened.
 * <p>
 * Surefire runs the test classes in more than one JVM ({@code forkCount} in app/pom.xml), so each
 * also writes the operations it called and the classes it ran into {@value #DIRECTORY_PROPERTY}:
 * the coverage check runs after all of them and reads what every JVM saw.
 */
public final class ContractLedger {

    static final String DIRECTORY_PROPERTY = "calibrate.contract.ledger-dir";
    private static final String CALLED_FILE = "called-";
    private static final String SELECTED_FILE = "selected-";

    private static final Set<String> CALLED = ConcurrentHashMap.newKeySet();
    private static final Set<String> SELECTED = ConcurrentHashMap.newKeySet();
    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

    private ContractLedger() {
    }

    static void called(OpenApiDocument.Operation operation) {
        if (CALLED.add(operation.key())) {
            record(CALLED_FILE, operation.key());
        }
    }

    static void selected(String testClass) {
        if (SELECTED.add(testClass)) {
            record(SELECTED_FILE, testClass);
        }
    }

    static void violated(String violation) {
        VIOLATIONS.add(violation);
    }

    /** The operations called so far, as {@code METHOD /path}, in this JVM and every other of this run. */
    public static Set<String> called() {
        return union(CALLED, CALLED_FILE);
    }

    /** The test classes selected so far, in this JVM and every other of this run. */
    static Set<String> selected() {
        return union(SELECTED, SELECTED_FILE);
    }

    /** The violations recorded since the last call, which forgets them. */
    public static synchronized List<String> takeViolations() {
        List<String> taken = List.copyOf(VIOLATIONS);
        VIOLATIONS.removeAll(taken);
        return taken;
    }

    private static synchronized void record(String file, String line) {
        Path directory = directory();
        if (directory == null) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(file + ProcessHandle.current().pid() + ".txt"), line + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> union(Set<String> here, String file) {
        Set<String> all = new TreeSet<>(here);
        Path directory = directory();
        if (directory == null || !Files.isDirectory(directory)) {
            return all;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path path : files.filter(p -> p.getFileName().toString().startsWith(file)).toList()) {
                all.addAll(Files.readAllLines(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    private static Path directory() {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        return directory == null || directory.isBlank() ? null : Path.of(directory);
    }
}
