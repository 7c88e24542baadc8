package dev.calibrate.connectors.shopify.writeback.sending;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a bulk mutation: one JSONL line of {@code productVariantsBulkUpdate} variables per
 * {@link PriceCall} (Shopify runs the mutation once per line), and its result file, one line per
 * input line with {@code __lineNumber} naming it.
 */
final class BulkMutationJsonl {

    /** Shopify's limit for a bulk mutation's variables file. */
    static final long MAX_FILE_BYTES = 20L * 1024 * 1024;

    private BulkMutationJsonl() {
    }

    /** One variables file: its content, and the call each line (0-based) carries. */
    record File(byte[] content, List<PriceCall> lines) {
    }

    /** The calls as JSONL files of at most {@code maxBytes} each, in order; a file holds at least one line. */
    static List<File> files(List<PriceCall> calls, long maxBytes, ObjectMapper json) {
        List<File> files = new ArrayList<>();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        List<PriceCall> lines = new ArrayList<>();
        for (PriceCall call : calls) {
            byte[] line = line(call, json);
            if (!lines.isEmpty() && content.size() + line.length > maxBytes) {
                files.add(new File(content.toByteArray(), List.copyOf(lines)));
                content.reset();
                lines.clear();
            }
            content.writeBytes(line);
            lines.add(call);
        }
        if (!lines.isEmpty()) {
            files.add(new File(content.toByteArray(), List.copyOf(lines)));
        }
        return files;
    }

    private static byte[] line(PriceCall call, ObjectMapper json) {
        try {
            return (json.writeValueAsString(call.variables()) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The result file's lines by the input line they answer: {@code __lineNumber} when the line names it,
     * else its position (results then follow the input order). Blank and unparsable lines are skipped:
     * their calls count as unanswered.
     */
    static Map<Integer, JsonNode> results(BufferedReader reader, ObjectMapper json) {
        Map<Integer, JsonNode> results = new HashMap<>();
        try {
            String text;
            int position = 0;
            while ((text = reader.readLine()) != null) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode line;
                try {
                    line = json.readTree(text);
                } catch (JsonProcessingException e) {
                    position++;
                    continue;
                }
                int number = line.hasNonNull("__lineNumber") ? line.get("__lineNumber").asInt() : position;
                results.put(number, line);
                position++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return results;
    }

    /** What one result line says about its call: the mutation's payload, or why there is none. */
    static PriceCall.Result result(PriceCall call, JsonNode line) {
        if (line == null) {
            return PriceCall.Result.unanswered("the bulk operation's results have no line for this product");
        }
        JsonNode errors = line.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            return PriceCall.Result.unanswered("the bulk operation could not run this line: "
                    + errors.get(0).path("message").asText("no message"));
        }
        return call.result(line.path("data").get("productVariantsBulkUpdate"));
    }
}
