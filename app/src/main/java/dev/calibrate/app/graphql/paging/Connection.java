package dev.calibrate.app.graphql.paging;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/** A Relay connection: a window of nodes, each with its opaque cursor, and where the window stands. */
public record Connection<T>(List<Edge<T>> edges, List<T> nodes, PageInfo pageInfo) {

    public record Edge<T>(String cursor, T node) {
    }

    public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
    }

    public static <T> Connection<T> of(List<T> nodes, Function<T, String> cursor, boolean hasNextPage,
                                boolean hasPreviousPage) {
        return of(nodes, nodes.stream().map(cursor).toList(), hasNextPage, hasPreviousPage);
    }

    /** {@code cursors.get(i)} is the cursor of {@code nodes.get(i)}. */
    public static <T> Connection<T> of(List<T> nodes, List<String> cursors, boolean hasNextPage, boolean hasPreviousPage) {
        List<Edge<T>> edges = IntStream.range(0, nodes.size())
                .mapToObj(i -> new Edge<>(cursors.get(i), nodes.get(i))).toList();
        return new Connection<>(edges, nodes, new PageInfo(hasNextPage, hasPreviousPage,
                edges.isEmpty() ? null : edges.get(0).cursor(),
                edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
    }
}
