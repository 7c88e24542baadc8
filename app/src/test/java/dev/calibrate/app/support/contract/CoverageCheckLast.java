package dev.calibrate.app.support.contract;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

import java.util.Comparator;

/**
 * Runs {@link ContractCoverageTest} after every other test class of its JVM (configured in
 * {@code junit-platform.properties}), keeping JUnit's order for the rest, and records which classes
 * were selected ({@link ContractLedger#selected()}), so the coverage check can tell a whole run from
 * {@code -Dtest=...}.
 */
public class CoverageCheckLast implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().forEach(d -> ContractLedger.selected(d.getTestClass().getName()));
        context.getClassDescriptors().sort(Comparator.comparing(CoverageCheckLast::isCoverageCheck));
    }

    private static boolean isCoverageCheck(ClassDescriptor descriptor) {
        return descriptor.getTestClass() == ContractCoverageTest.class;
    }
}
