package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks a connection to its end with {@code first}/{@code after}, then back to its start with
 * {@code last}/{@code before}, checking each page's pageInfo as Relay's spec has it: the walk back answers the
 * same nodes in the same order, and neither way skips or repeats one.
 */
final class ConnectionWalk {

    private ConnectionWalk() {
    }

    /**
     * The nodes' keys in list order. {@code page} answers the connection for the paging variables given
     * ({@code first}/{@code after} or {@code last}/{@code before}); the document declares all four.
     */
    static List<String> bothWays(Function<Map<String, Object>, JsonNode> page, int size,
                                 Function<JsonNode, String> key) {
        List<String> forwards = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", size);
            variables.put("after", after);
            JsonNode connection = page.apply(variables);
            JsonNode edges = connection.get("edges");
            assertThat(edges).as(connection.toString()).isNotNull();
            assertThat(edges.size()).isLessThanOrEqualTo(size);
            edges.forEach(edge -> forwards.add(key.apply(edge.get("node"))));
            assertThat(connection.at("/pageInfo/hasPreviousPage").asBoolean()).isEqualTo(after != null);
            more = connection.at("/pageInfo/hasNextPage").asBoolean();
            if (more) {
                assertThat(edges.size()).as("a page short of first is the last").isEqualTo(size);
            }
            after = connection.at("/pageInfo/endCursor").asText();
        }
        List<String> backwards = new ArrayList<>();
        String before = null;
        more = true;
        while (more) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("last", size);
            variables.put("before", before);
            JsonNode connection = page.apply(variables);
            JsonNode edges = connection.get("edges");
            assertThat(edges).as(connection.toString()).isNotNull();
            assertThat(edges.size()).isLessThanOrEqualTo(size);
            List<String> keys = new ArrayList<>();
            edges.forEach(edge -> keys.add(key.apply(edge.get("node"))));
            backwards.addAll(0, keys);
            assertThat(connection.at("/pageInfo/hasNextPage").asBoolean()).isEqualTo(before != null);
            more = connection.at("/pageInfo/hasPreviousPage").asBoolean();
            if (more) {
                assertThat(edges.size()).as("a page short of last is the first").isEqualTo(size);
            }
            before = connection.at("/pageInfo/startCursor").asText();
        }
        assertThat(new LinkedHashSet<>(forwards)).as("forwards, nothing repeats").hasSameSizeAs(forwards);
        assertThat(backwards).as("backwards, the same nodes in the same order").isEqualTo(forwards);
        return forwards;
    }
}
