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

    /**
     * The page of a keyset window read with one row more than {@code size} (in list order), and where it stands
     * as Relay's spec says: from the start ({@code first}/{@code after}) the extra row is past the page's end
     * and says {@code hasNextPage}; from the end ({@code last}/{@code before}) it is before the page's start and
     * says {@code hasPreviousPage}. The other side is whether the client gave the cursor on that side: rows lie
     * beyond it.
     */
    public static <R, T> Connection<T> ofWindow(List<R> found, int size, boolean fromEnd, boolean afterGiven,
                                                boolean beforeGiven, Function<R, T> node, Function<R, String> cursor) {
        boolean more = found.size() > size;
        List<R> page = !more ? found
                : fromEnd ? found.subList(found.size() - size, found.size()) : found.subList(0, size);
        return of(page.stream().map(node).toList(), page.stream().map(cursor).toList(),
                fromEnd ? beforeGiven : more, fromEnd ? more : afterGiven);
    }
}
