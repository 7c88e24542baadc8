package dev.calibrate.app.support.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation in the OpenAPI document is called by some integration test, so the contract filter
 * has checked at least one real answer of each. Runs after every other test class: last in its JVM
 * ({@link CoverageCheckLast}), and, when surefire spreads the suite over several JVMs, in an execution
 * of its own after theirs (app/pom.xml), reading what each of them called ({@link ContractLedger}).
 * When only part of the suite ran, it cannot know and says so instead of passing.
 * <p>
 * It reads the committed document, not a live server's, so that it needs no Spring context of its
 * own: {@code CommittedOpenApiDocumentTest} fails the same run when the two differ.
 */
class ContractCoverageTest {

    /** The tags this run leaves out, as surefire's {@code excludedGroups} (set in app/pom.xml). */
    static final String EXCLUDED_GROUPS = "calibrate.test.excluded-groups";

    @Test
    void everyDocumentedOperationIsCalledByTheIntegrationTests() throws IOException, ClassNotFoundException {
        Set<String> selected = ContractLedger.selected();
        List<String> notRun = integrationTestClasses().stream().filter(name -> !selected.contains(name)).toList();
        Assumptions.assumeTrue(notRun.isEmpty(), () -> "only part of the suite ran (" + notRun.size()
                + " integration test classes not selected, e.g. " + notRun.get(0)
                + "): operation coverage is checked on a whole run only");

        Set<String> uncalled = new TreeSet<>(committedDocument().operations().keySet());
        uncalled.removeAll(ContractLedger.called());

        assertThat(uncalled).as("operations no integration test calls").isEmpty();
    }

    private static OpenApiDocument committedDocument() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) throw new IllegalStateException("not inside the repository: " + Path.of("").toAbsolutePath());
        return new OpenApiDocument(new ObjectMapper().readTree(dir.resolve("schemas/openapi/calibrate-api.json").toFile()));
    }

    /**
     * The concrete integration test classes surefire runs (its default includes: *Test, *Tests, *TestCase,
     * Test*), less those whose tag the run excludes ({@value #EXCLUDED_GROUPS}, e.g. {@code slow}): surefire
     * hands those to no test JVM, and what they would call is not counted either.
     */
    private static Set<String> integrationTestClasses() throws ClassNotFoundException {
        List<String> excluded = List.of(System.getProperty(EXCLUDED_GROUPS, "").split("\\s*,\\s*"));
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(IntegrationTest.class));
        Set<String> names = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.calibrate")) {
            String name = candidate.getBeanClassName();
            String simple = name.substring(name.lastIndexOf('.') + 1);
            boolean tagExcluded = AnnotationSupport.findRepeatableAnnotations(Class.forName(name), Tag.class).stream()
                    .anyMatch(tag -> excluded.contains(tag.value()));
            if ((simple.endsWith("Test") || simple.endsWith("Tests") || simple.endsWith("TestCase")
                    || simple.startsWith("Test")) && !tagExcluded) {
                names.add(name);
            }
        }
        return names;
    }
}
