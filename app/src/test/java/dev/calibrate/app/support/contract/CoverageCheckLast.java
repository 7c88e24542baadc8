package dev.calibrate.app.support.contract;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs {@link ContractCoverageTest} after every other test class (configured in
 * {@code junit-platform.properties}), keeping JUnit's order for the rest, and remembers which classes
 * were selected, so the coverage check can tell a whole run from {@code -Dtest=...}.
 */
public class CoverageCheckLast implements ClassOrderer {

    private static final Set<String> SELECTED = ConcurrentHashMap.newKeySet();

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().forEach(d -> SELECTED.add(d.getTestClass().getName()));
        context.getClassDescriptors().sort(Comparator.comparing(CoverageCheckLast::isCoverageCheck));
    }

    static Set<String> selected() {
        return Set.copyOf(SELECTED);
    }

    private static boolean isCoverageCheck(ClassDescriptor descriptor) {
        return descriptor.getTestClass() == ContractCoverageTest.class;
    }
}
