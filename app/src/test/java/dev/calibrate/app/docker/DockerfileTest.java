package dev.calibrate.app.docker;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image builds the whole reactor, so the Dockerfile's build stage must copy every module's POM
 * and sources: a module added to {@code pom.xml} but not to the Dockerfile breaks {@code docker build}
 * (as {@code connectors} once did). There is no Docker engine in CI, so this reads both files.
 */
class DockerfileTest {

    private static final Path ROOT = repositoryRoot();

    @Test
    void theBuildStageCopiesEveryModulesPomAndSources() throws Exception {
        List<String> modules = modules(ROOT.resolve("pom.xml"));
        Set<String> copied = copySources(ROOT.resolve("docker/Dockerfile"));

        assertThat(modules).as("modules in pom.xml").isNotEmpty();
        for (String module : modules) {
            assertThat(copied).as("COPY of %s/pom.xml in docker/Dockerfile", module)
                    .containsAnyOf(module + "/pom.xml", module + "/", module);
            assertThat(copied).as("COPY of %s/src/ in docker/Dockerfile", module)
                    .containsAnyOf(module + "/src/", module + "/src", module + "/", module);
        }
        assertThat(copied).as("the Maven wrapper and the parent POM").contains("mvnw", "pom.xml", ".mvn/");
    }

    private static List<String> modules(Path pom) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList nodes = document.getElementsByTagName("module");
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            modules.add(nodes.item(i).getTextContent().trim());
        }
        return modules;
    }

    /** The sources of every COPY from the build context (not {@code --from} another stage). */
    private static Set<String> copySources(Path dockerfile) throws Exception {
        String joined = Files.readString(dockerfile).replaceAll("\\\\\\r?\\n", " ");
        return joined.lines().map(String::trim).filter(line -> line.regionMatches(true, 0, "COPY ", 0, 5))
                .map(line -> Arrays.stream(line.substring(5).trim().split("\\s+")).toList())
                .filter(words -> words.stream().noneMatch(w -> w.startsWith("--from")))
                .flatMap(words -> {
                    List<String> arguments = words.stream().filter(w -> !w.startsWith("--")).toList();
                    return arguments.subList(0, arguments.size() - 1).stream();
                })
                .map(source -> source.startsWith("./") ? source.substring(2) : source)
                .collect(Collectors.toSet());
    }

    /** Tests run in the module's directory; the reactor's root is the nearest directory above with docker/. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("docker/Dockerfile")) && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docker/Dockerfile above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
