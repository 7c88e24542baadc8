package dev.calibrate.schemas.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.schemas.evolution.SchemaEvolution.Version;
import dev.calibrate.schemas.upcasting.EventUpcasters;
import dev.calibrate.schemas.upcasting.RevisionUpcaster;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every schema against its newest baseline (schemas/baselines/&lt;release&gt;, see its README), and
 * every event class's Axon revision against its schema's major version. Runs from the module's
 * folder, like {@code SchemaRegistryTest}: the baselines are not on the classpath.
 */
class SchemaEvolutionTest {

    private static final Path CURRENT = Path.of("src/main/resources/schemas");
    private static final Path BASELINES = Path.of("baselines");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AnnotationRevisionResolver REVISIONS = new AnnotationRevisionResolver();

    static List<String> currentSchemas() {
        return Stream.of("events", "requests").flatMap(kind -> jsonFiles(CURRENT.resolve(kind)).stream()
                .map(file -> kind + "/" + nameOf(file))).toList();
    }

    static List<String> eventSchemas() {
        return jsonFiles(CURRENT.resolve("events")).stream().map(SchemaEvolutionTest::nameOf).toList();
    }

    @Test
    void baselinesAreReleasesHoldingOnlyEventAndRequestSchemas() throws IOException {
        assertThat(releases()).as("schemas/baselines/<release>").isNotEmpty();
        for (Path release : releases()) {
            try (Stream<Path> files = Files.walk(release)) {
                assertThat(files.filter(Files::isRegularFile).map(release::relativize).map(Path::toString))
                        .as("files of %s", release)
                        .allMatch(file -> file.matches("(events|requests)/[A-Za-z0-9]+\\.json"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void everySchemaFollowsItsNewestBaselineCompatiblyOrWithANewMajorVersion(String schema) {
        String kind = schema.substring(0, schema.indexOf('/'));
        String name = schema.substring(schema.indexOf('/') + 1);
        Optional<Path> baseline = newestBaseline(schema);

        baseline.ifPresent(file -> assertThat(SchemaEvolution.problems(kind, name, read(file),
                read(CURRENT.resolve(schema + ".json")), SchemaEvolutionTest::upcastsBetween))
                .as("%s against %s", schema, file).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventSchemas")
    void everyEventRevisionIsItsSchemasMajorVersion(String name) {
        Class<?> eventClass = eventClasses().get(name);
        int major = Version.of(read(CURRENT.resolve("events/" + name + ".json"))).major();

        assertThat(eventClass).as("an event class called %s", name).isNotNull();
        assertThat(REVISIONS.revisionOf(eventClass))
                .as("@Revision of %s, whose schema is major version %d", eventClass.getName(), major)
                .isEqualTo(SchemaEvolution.revisionOf(major));
    }

    @Test
    void everyEventClassHasASchema() {
        assertThat(eventClasses().keySet()).containsExactlyInAnyOrderElementsOf(eventSchemas());
    }

    @Test
    void everyUpcasterEndsAtOrBeforeItsEventsCurrentRevision() {
        for (RevisionUpcaster upcaster : EventUpcasters.all()) {
            Class<?> eventClass = eventClasses().values().stream()
                    .filter(type -> type.getName().equals(upcaster.to().getName())).findFirst().orElse(null);
            assertThat(eventClass).as("the event class %s upcaster names", upcaster).isNotNull();
            assertThat(revisionNumber(upcaster.to().getRevision()))
                    .as("%s goes past %s", upcaster, eventClass.getName())
                    .isGreaterThan(revisionNumber(upcaster.from().getRevision()))
                    .isLessThanOrEqualTo(revisionNumber(REVISIONS.revisionOf(eventClass)));
        }
    }

    /** Follows the upcasters of event {@code name} from one revision to the next. */
    private static boolean upcastsBetween(String name, String fromRevision, String toRevision) {
        String revision = fromRevision;
        while (!Objects.equals(revision, toRevision)) {
            String at = revision;
            Optional<RevisionUpcaster> next = EventUpcasters.all().stream()
                    .filter(upcaster -> simpleName(upcaster.from().getName()).equals(name))
                    .filter(upcaster -> Objects.equals(upcaster.from().getRevision(), at))
                    .findFirst();
            if (next.isEmpty()) {
                return false;
            }
            revision = next.get().to().getRevision();
        }
        return true;
    }

    private static int revisionNumber(String revision) {
        return revision == null ? 1 : Integer.parseInt(revision);
    }

    /** The schema in the newest release that has it; empty for a schema no release has shipped yet. */
    private static Optional<Path> newestBaseline(String schema) {
        return releases().stream()
                .sorted(Comparator.comparing(SchemaEvolutionTest::releaseVersion).reversed())
                .map(release -> release.resolve(schema + ".json"))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    private static List<Path> releases() {
        try (Stream<Path> dirs = Files.list(BASELINES)) {
            return dirs.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Version releaseVersion(Path release) {
        String[] parts = release.getFileName().toString().split("\\.");
        assertThat(parts).as("a baseline directory is named for its release, like 0.1.0: %s", release).hasSize(3);
        return new Version(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    /** The event records of the shared kernel by simple name, found in its classes (folder or jar). */
    private static Map<String, Class<?>> eventClasses() {
        try {
            Path root = Path.of(DomainEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(root)) {
                try (var jar = java.nio.file.FileSystems.newFileSystem(root)) {
                    return eventClassesUnder(jar.getPath("/"));
                }
            }
            return eventClassesUnder(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Class<?>> eventClassesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(Path::toString)
                    .filter(file -> file.endsWith(".class"))
                    .map(file -> file.substring(0, file.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
                    .map(SchemaEvolutionTest::load)
                    .filter(type -> type.isRecord() && DomainEvent.class.isAssignableFrom(type))
                    .collect(Collectors.toMap(Class::getSimpleName, Function.identity()));
        }
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, SchemaEvolutionTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String simpleName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    }

    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nameOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.json$", "");
    }

    private static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
