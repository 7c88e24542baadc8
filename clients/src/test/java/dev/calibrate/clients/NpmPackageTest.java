package dev.calibrate.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written parts of clients/typescript make an npm package that CI can install exactly and type-check. */
class NpmPackageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path npmPackage = ClientPaths.typescriptPackage();

    @Test
    void thePackageIsCalibrateTypesAtTheProjectsVersion() throws IOException {
        JsonNode manifest = read("package.json");

        assertThat(manifest.path("name").asText()).isEqualTo("@calibrate/types");
        assertThat(manifest.path("version").asText())
                .as("package.json's version is the Maven project's version").isEqualTo(ClientPaths.projectVersion());
        assertThat(read("package-lock.json").path("version").asText())
                .as("package-lock.json's version (npm install --package-lock-only updates it)")
                .isEqualTo(ClientPaths.projectVersion());
    }

    @Test
    void everyEntryPointIsBuiltFromAGeneratedSource() throws IOException {
        JsonNode manifest = read("package.json");
        List<String> typings = new ArrayList<>();
        typings.add(manifest.path("types").asText());
        manifest.path("exports").forEach(entry -> typings.add(entry.path("types").asText()));

        assertThat(manifest.path("exports").has(".")).isTrue();
        assertThat(manifest.path("exports").has("./events")).isTrue();
        assertThat(manifest.path("exports").has("./graphql-operations")).isTrue();
        assertThat(typings).allSatisfy(declarations -> {
            assertThat(declarations).startsWith("./dist/").endsWith(".d.ts");
            String source = "src/" + declarations.substring("./dist/".length(), declarations.length() - ".d.ts".length()) + ".ts";
            assertThat(npmPackage.resolve(source)).as("the source that tsc builds %s from", declarations).isRegularFile();
        });
        assertThat(read("tsconfig.json").path("compilerOptions").path("outDir").asText()).isEqualTo("dist");
    }

    @Test
    void typescriptIsTheOnlyDependencyAndTheLockPinsItsExactVersion() throws IOException {
        JsonNode manifest = read("package.json");
        JsonNode lock = read("package-lock.json");
        String typescript = manifest.path("devDependencies").path("typescript").asText();

        assertThat(manifest.has("dependencies")).as("the client needs nothing but fetch at run time").isFalse();
        assertThat(manifest.path("devDependencies").size()).isEqualTo(1);
        assertThat(typescript).as("an exact version, not a range").matches("\\d+\\.\\d+\\.\\d+");
        assertThat(lock.path("packages").path("node_modules/typescript").path("version").asText()).isEqualTo(typescript);
        assertThat(lock.path("packages").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("", "node_modules/typescript");
    }

    @Test
    void theCompilerIsStrictAndTheExampleIsCompiledAgainstThePackage() throws IOException {
        JsonNode compilerOptions = read("tsconfig.json").path("compilerOptions");

        assertThat(compilerOptions.path("strict").asBoolean()).isTrue();
        assertThat(read("examples/tsconfig.json").path("include").toString()).contains("usage.ts");
        assertThat(Files.readString(npmPackage.resolve("examples/usage.ts")))
                .contains("from '@calibrate/types'", "from '@calibrate/types/events'",
                        "from '@calibrate/types/graphql-operations'", "@ts-expect-error");
    }

    private JsonNode read(String file) throws IOException {
        return JSON.readTree(npmPackage.resolve(file).toFile());
    }
}
