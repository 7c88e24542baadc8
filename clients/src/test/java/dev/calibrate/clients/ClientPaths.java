package dev.calibrate.clients;

import java.nio.file.Path;

/**
 * Where the generation reads and writes, as the module's pom passes them to the tests (so a run from
 * the repository root and one from the module agree), and whether it may rewrite the committed files.
 */
final class ClientPaths {

    private ClientPaths() {
    }

    static Path openApiDocument() {
        return path("calibrate.openapi.document", "../schemas/openapi/calibrate-api.json");
    }

    static Path typescriptPackage() {
        return path("calibrate.clients.typescript", "typescript");
    }

    static Path typescriptSources() {
        return typescriptPackage().resolve("src");
    }

    /** The GraphQL operations whose types the package holds (hand-written, committed beside src/). */
    static Path graphQlOperations() {
        return typescriptPackage().resolve("operations");
    }

    static String projectVersion() {
        String version = System.getProperty("calibrate.project.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("calibrate.project.version is not set; run the test through Maven");
        }
        return version;
    }

    /** {@code -Dcalibrate.clients.write=true}: rewrite the committed generated files rather than compare them. */
    static boolean rewrite() {
        return Boolean.getBoolean("calibrate.clients.write");
    }

    private static Path path(String property, String fromModule) {
        return Path.of(System.getProperty(property, fromModule)).toAbsolutePath().normalize();
    }
}
