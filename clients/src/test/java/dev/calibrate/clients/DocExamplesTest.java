package dev.calibrate.clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/consumers.md's TypeScript examples are the files CI compiles against the built package (and whose
 * webhook verifier it runs, examples/check-verify-webhook.mjs): each fenced ts block of the document is,
 * character for character, the tail of one example file, so a reader copies code that compiles.
 */
class DocExamplesTest {

    private static final Pattern TS_BLOCK = Pattern.compile("```ts\n(.*?)```", Pattern.DOTALL);
    private static final List<String> EXAMPLES = List.of("follow-feed.ts", "verify-webhook.ts");

    private final Path examples = ClientPaths.typescriptPackage().resolve("examples");

    @Test
    void everyTypeScriptBlockOfTheConsumersGuideIsACompiledExample() throws IOException {
        List<String> blocks = blocks(ClientPaths.typescriptPackage().resolve("../../docs/consumers.md"));

        assertThat(blocks).hasSameSizeAs(EXAMPLES);
        for (int i = 0; i < EXAMPLES.size(); i++) {
            assertThat(Files.readString(examples.resolve(EXAMPLES.get(i))))
                    .as("examples/%s ends with the document's block %d", EXAMPLES.get(i), i + 1).endsWith(blocks.get(i));
        }
        assertThat(new ObjectMapper().readTree(examples.resolve("tsconfig.json").toFile()).path("include").toString())
                .as("the examples tsc compiles").contains(EXAMPLES);
    }

    @Test
    void theWebhookVerifierIsRunAgainstSignedDeliveries() throws IOException {
        assertThat(Files.readString(examples.resolve("check-verify-webhook.mjs")))
                .contains("from './dist/verify-webhook.js'", "createHmac('sha256'");
        assertThat(Files.readString(ClientPaths.typescriptPackage().resolve("../../.ci/run")))
                .contains("node examples/check-verify-webhook.mjs");
    }

    private static List<String> blocks(Path markdown) throws IOException {
        Matcher matcher = TS_BLOCK.matcher(Files.readString(markdown));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }
}
