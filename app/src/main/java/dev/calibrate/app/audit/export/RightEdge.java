package dev.calibrate.app.audit.export;

import dev.calibrate.app.audit.tree.MerkleTree;

import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree (RFC 6962) grown one leaf at a time, keeping only its right edge: the complete subtrees
 * of its size's binary decomposition, O(log n) hashes. Its root is those subtrees folded from the right.
 */
public final class RightEdge {

    private final List<byte[]> hashes = new ArrayList<>();
    private final List<Integer> levels = new ArrayList<>();
    private long size;

    /** The edge of a tree of {@code size} leaves: the hashes of its complete subtrees, largest first. */
    public RightEdge(long size, List<byte[]> frontier) {
        if (size < 0 || Long.bitCount(size) != frontier.size()) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(Math.max(0, size))
                    + " complete subtrees on its edge, not " + frontier.size());
        }
        int at = 0;
        for (int level = 62; level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                hashes.add(frontier.get(at++));
                levels.add(level);
            }
        }
        this.size = size;
    }

    /** The complete subtrees covering leaves [0, size) of a stored tree, largest first. */
    public static List<byte[]> of(MerkleTree.Nodes nodes, long size) {
        List<byte[]> frontier = new ArrayList<>();
        long start = 0;
        for (int level = 62; level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                frontier.add(nodes.hash(level, start >> level));
                start += 1L << level;
            }
        }
        return frontier;
    }

    public void append(byte[] leafHash) {
        byte[] hash = leafHash;
        int level = 0;
        while (!levels.isEmpty() && levels.get(levels.size() - 1) == level) {
            hash = MerkleTree.nodeHash(hashes.remove(hashes.size() - 1), hash);
            levels.remove(levels.size() - 1);
            level++;
        }
        hashes.add(hash);
        levels.add(level);
        size++;
    }

    public long size() {
        return size;
    }

    /** MTH of the leaves so far. */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return MerkleTree.emptyRoot();
        }
        byte[] root = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = MerkleTree.nodeHash(hashes.get(i), root);
        }
        return root;
    }
}
