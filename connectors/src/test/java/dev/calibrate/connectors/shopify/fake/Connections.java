package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Relay connections the way Shopify pages them: {@code first}/{@code after} (or
 * {@code last}/{@code before}), at most 250 per page, opaque base64 cursors that hold the last
 * item's id and sort value, so pages stay correct when items before the cursor are deleted.
 */
final class Connections {

    static final int MAX_PAGE_SIZE = 250;

    private Connections() {
    }

    /** Where an item sits in the sort order: its sort value (null when sorted by id), then its id. */
    record Key(String value, long id) {
        static final Comparator<Key> BY_VALUE_THEN_ID =
                Comparator.comparing(Key::value).thenComparingLong(Key::id);
        static final Comparator<Key> BY_ID = Comparator.comparingLong(Key::id);
    }

    /** How a connection is sorted: the key of each item and the order of keys. */
    record Sort<T>(Function<T, Key> key, Comparator<Key> order) {
        static <T> Sort<T> byId(Function<T, Long> id) {
            // no sort value: the id is the value, written out only when a cursor is made
            return new Sort<>(item -> new Key(null, id.apply(item)), Key.BY_ID);
        }

        static <T> Sort<T> by(Function<T, String> value, Function<T, Long> id) {
            return new Sort<>(item -> new Key(value.apply(item), id.apply(item)), Key.BY_VALUE_THEN_ID);
        }

        Sort<T> reversed(boolean reverse) {
            return reverse ? new Sort<>(key, order.reversed()) : this;
        }
    }

    /**
     * One page of {@code items} as a connection object offering {@code nodes}, {@code edges} and
     * {@code pageInfo}. In a bulk query every item is returned and paging arguments are ignored.
     */
    static <T> GqlObject page(String connectionType, Collection<T> items, Sort<T> sort, Function<T, GqlObject> toObject,
                              GqlObject.Args args) {
        // keys computed once per item: shops with tens of thousands of variants page quickly
        List<Map.Entry<Key, T>> ordered = new ArrayList<>(items.size());
        items.forEach(item -> ordered.add(Map.entry(sort.key().apply(item), item)));
        ordered.sort(Map.Entry.comparingByKey(sort.order()));
        int from = 0;
        int to = ordered.size();
        if (!args.bulk()) {
            Integer first = args.integer("first");
            Integer last = args.integer("last");
            if (first == null && last == null) {
                throw new FieldError("you must provide one of first or last", null);
            }
            for (Integer size : new Integer[] {first, last}) {
                if (size != null && size > MAX_PAGE_SIZE) {
                    throw new FieldError("The page size requested (" + size + ") is too large. The maximum page size is "
                            + MAX_PAGE_SIZE + ".", "BAD_REQUEST");
                }
                if (size != null && size < 0) {
                    throw new FieldError("The page size requested (" + size + ") must be non-negative.", "BAD_REQUEST");
                }
            }
            if (args.has("after")) {
                Key after = decode(args.string("after"));
                while (from < to && sort.order().compare(ordered.get(from).getKey(), after) <= 0) {
                    from++;
                }
            }
            if (args.has("before")) {
                Key before = decode(args.string("before"));
                int end = from;
                while (end < to && sort.order().compare(ordered.get(end).getKey(), before) < 0) {
                    end++;
                }
                to = end;
            }
            if (first != null) {
                to = Math.min(to, from + first);
            } else {
                from = Math.max(from, to - last);
            }
        }
        List<Map.Entry<Key, T>> page = ordered.subList(from, to);
        List<GqlObject> nodes = page.stream().map(entry -> toObject.apply(entry.getValue())).toList();
        List<GqlObject> edges = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            edges.add(GqlObject.free(connectionType.replace("Connection", "Edge"))
                    .put("cursor", encode(page.get(i).getKey()))
                    .put("node", nodes.get(i)));
        }
        GqlObject pageInfo = GqlObject.free("PageInfo")
                .put("hasNextPage", to < ordered.size())
                .put("hasPreviousPage", from > 0)
                .put("startCursor", page.isEmpty() ? null : encode(page.get(0).getKey()))
                .put("endCursor", page.isEmpty() ? null : encode(page.get(page.size() - 1).getKey()));
        GqlObject connection = GqlObject.connection(connectionType)
                .put("nodes", nodes)
                .put("edges", edges)
                .put("pageInfo", pageInfo);
        connection.connectionNodes = nodes;
        return connection;
    }

    static String encode(Key key) {
        ObjectNode json = Json.MAPPER.createObjectNode().put("last_id", key.id())
                .put("last_value", key.value() == null ? String.valueOf(key.id()) : key.value());
        return Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Key decode(String cursor) {
        try {
            JsonNode json = Json.MAPPER.readTree(Base64.getDecoder().decode(cursor));
            return new Key(json.get("last_value").asText(), json.get("last_id").asLong());
        } catch (Exception e) {
            throw new FieldError("Invalid cursor for current pagination sort.", "BAD_REQUEST", Map.of());
        }
    }
}
