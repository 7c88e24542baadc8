package dev.calibrate.clients;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed TypeScript package is what the committed OpenAPI document and event schemas generate.
 * Run with {@code -Dcalibrate.clients.write=true} to rewrite it instead (clients/typescript/README.md).
 */
class TypeScriptClientTest {

    @Test
    void committedSourcesAreWhatTheDocumentAndTheEventSchemasGenerate(@TempDir Path scratch) {
        Path generated = scratch.resolve("src");
        TypeScriptClient.generate(ClientPaths.openApiDocument(), generated);
        GeneratedTree expected = GeneratedTree.read(generated);
        Path committed = ClientPaths.typescriptSources();

        if (ClientPaths.rewrite()) {
            expected.replace(committed);
        }

        List<String> differences = expected.differencesFrom(GeneratedTree.read(committed));
        assertThat(differences)
                .as("clients/typescript/src is not what %s generates; regenerate it with "
                        + "./mvnw -pl clients -am test -Dtest=TypeScriptClientTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Dcalibrate.clients.write=true and commit the result", ClientPaths.openApiDocument().getFileName())
                .isEmpty();
    }

    @Test
    void generationIsDeterministicAndNamesNoMachineOrMoment(@TempDir Path scratch) {
        TypeScriptClient.generate(ClientPaths.openApiDocument(), scratch.resolve("first"));
        TypeScriptClient.generate(ClientPaths.openApiDocument(), scratch.resolve("second"));

        GeneratedTree first = GeneratedTree.read(scratch.resolve("first"));
        String document = read(ClientPaths.openApiDocument());
        assertThat(first.differencesFrom(GeneratedTree.read(scratch.resolve("second")))).isEmpty();
        assertThat(first.files()).containsKeys("index.ts", "runtime.ts", "apis/CalibrateApi.ts", TypeScriptClient.EVENTS,
                TypeScriptClient.GRAPHQL, TypeScriptClient.GRAPHQL_OPERATIONS);
        first.files().forEach((path, bytes) -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertThat(text).as(path).doesNotContain(scratch.toString(), System.getProperty("user.home"),
                    ClientPaths.openApiDocument().getParent().toString());
            // the document's examples hold instants; any other one would be the moment of generation
            Matcher instant = INSTANT.matcher(text);
            while (instant.find()) {
                assertThat(document).as(path + " holds an instant the document does not").contains(instant.group());
            }
        });
    }

    private static final Pattern INSTANT = Pattern.compile("20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d");

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
