package dev.calibrate.app.support.contract;

import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation in the OpenAPI document is called by some integration test, so the contract filter
 * has checked at least one real answer of each. Runs last ({@link CoverageCheckLast}); when only part
 * of the suite ran, it cannot know and says so instead of passing.
 */
class ContractCoverageTest extends IntegrationTest {

    @Test
    void everyDocumentedOperationIsCalledByTheIntegrationTests() {
        List<String> notRun = integrationTestClasses().stream()
                .filter(name -> !CoverageCheckLast.selected().contains(name)).toList();
        Assumptions.assumeTrue(notRun.isEmpty(), () -> "only part of the suite ran (" + notRun.size()
                + " integration test classes not selected, e.g. " + notRun.get(0)
                + "): operation coverage is checked on a whole run only");

        Set<String> uncalled = new TreeSet<>(OpenApiDocument.fetch("http://localhost:" + port, mapper)
                .operations().keySet());
        uncalled.removeAll(ContractLedger.called());

        assertThat(uncalled).as("operations no integration test calls").isEmpty();
    }

    /** The concrete integration test classes surefire runs (its default includes: *Test, *Tests, *TestCase, Test*). */
    private static Set<String> integrationTestClasses() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(IntegrationTest.class));
        Set<String> names = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.calibrate")) {
            String name = candidate.getBeanClassName();
            String simple = name.substring(name.lastIndexOf('.') + 1);
            if (simple.endsWith("Test") || simple.endsWith("Tests") || simple.endsWith("TestCase")
                    || simple.startsWith("Test")) {
                names.add(name);
            }
        }
        return names;
    }
}
