package dev.calibrate.app.support.contract;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the contract filter saw, for the whole test JVM (every Spring context shares it): the
 * operations called, for the coverage check at the end, and the responses that broke the document,
 * for the test during which they happened.
 */
public final class ContractLedger {

    private static final Set<String> CALLED = ConcurrentHashMap.newKeySet();
    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

    private ContractLedger() {
    }

    static void called(OpenApiDocument.Operation operation) {
        CALLED.add(operation.key());
    }

    static void violated(String violation) {
        VIOLATIONS.add(violation);
    }

    /** The operations called so far, as {@code METHOD /path}. */
    public static Set<String> called() {
        return new TreeSet<>(CALLED);
    }

    /** The violations recorded since the last call, which forgets them. */
    public static synchronized List<String> takeViolations() {
        List<String> taken = List.copyOf(VIOLATIONS);
        VIOLATIONS.removeAll(taken);
        return taken;
    }
}
