package dev.calibrate.app.audit.export;

import dev.calibrate.app.audit.tree.MerkleTree;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verifier's right edge gives RFC 6962's root at every size, also continued from a frontier. */
class RightEdgeTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hashes.add(MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return hashes;
    }

    @Test
    void itsRootIsTheTreesRootAtEverySize() {
        List<byte[]> hashes = leaves(70);
        MerkleTree.Nodes nodes = MerkleTree.inMemory(hashes);
        RightEdge edge = new RightEdge(0, List.of());
        assertThat(edge.root()).isEqualTo(MerkleTree.emptyRoot());
        for (int size = 1; size <= hashes.size(); size++) {
            edge.append(hashes.get(size - 1));
            assertThat(edge.root()).as("size %d", size).isEqualTo(MerkleTree.root(nodes, size));
        }
    }

    @Test
    void continuedFromAFrontierItGivesTheSameRoots() {
        List<byte[]> hashes = leaves(70);
        MerkleTree.Nodes nodes = MerkleTree.inMemory(hashes);
        for (int from = 0; from <= hashes.size(); from++) {
            List<byte[]> frontier = RightEdge.of(nodes, from);
            assertThat(frontier).hasSize(Long.bitCount(from));
            RightEdge edge = new RightEdge(from, frontier);
            if (from > 0) {
                assertThat(edge.root()).isEqualTo(MerkleTree.root(nodes, from));
            }
            for (int size = from + 1; size <= hashes.size(); size++) {
                edge.append(hashes.get(size - 1));
                assertThat(edge.root()).as("from %d, size %d", from, size).isEqualTo(MerkleTree.root(nodes, size));
            }
        }
    }

    @Test
    void aFrontierOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> new RightEdge(3, List.of(new byte[32]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RightEdge(-1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
