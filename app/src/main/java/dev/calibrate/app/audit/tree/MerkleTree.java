package dev.calibrate.app.audit.tree;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree of RFC 6962 §2.1 (as restated in RFC 9162 §2.1): SHA-256, leaf hash
 * {@code SHA-256(0x00 ‖ leaf)}, node hash {@code SHA-256(0x01 ‖ left ‖ right)}, the empty tree's hash
 * {@code SHA-256()}. Pure: it reads the tree through a {@link Nodes}, which answers only complete,
 * aligned subtrees, so a root or a proof of any size costs O(log n) reads of stored subtrees.
 *
 * <p>Every range the RFC's recursions visit starts at a multiple of its left part's size (the largest
 * power of two below its length), so every complete part is an aligned subtree a store can keep.
 */
public final class MerkleTree {

    public static final int HASH_BYTES = 32;

    /** The hashes of complete subtrees: {@code hash(level, index)} covers leaves {@code [index·2^level, (index+1)·2^level)}. */
    @FunctionalInterface
    public interface Nodes {
        byte[] hash(int level, long index);
    }

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] leaf) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        return sha.digest(leaf);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        return sha.digest(right);
    }

    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** MTH(D[0:size]). */
    public static byte[] root(Nodes nodes, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("a tree size cannot be negative");
        }
        return size == 0 ? emptyRoot() : hash(nodes, 0, size);
    }

    /** PATH(index, D[0:size]) of RFC 6962 §2.1.1: the audit path of the leaf, nearest sibling first. */
    public static List<byte[]> inclusionProof(Nodes nodes, long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(nodes, index, 0, size, path);
        return path;
    }

    /** PROOF(from, D[0:to]) of RFC 6962 §2.1.2; empty when from is 0 or equals to. */
    public static List<byte[]> consistencyProof(Nodes nodes, long from, long to) {
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("no consistency proof from size " + from + " to size " + to);
        }
        List<byte[]> proof = new ArrayList<>();
        if (from > 0 && from < to) {
            subproof(nodes, from, 0, to, true, proof);
        }
        return proof;
    }

    /** Verifies an audit path as RFC 9162 §2.1.3.2 does. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size || !isHash(leafHash) || !isHash(root)) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0 || !isHash(p)) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** Verifies a consistency proof as RFC 9162 §2.1.4.2 does (size 0 is consistent with every tree). */
    public static boolean verifyConsistency(long from, long to, List<byte[]> proof, byte[] fromRoot, byte[] toRoot) {
        if (from < 0 || from > to) {
            return false;
        }
        if (from == to) {
            return proof.isEmpty() && isHash(fromRoot) && MessageDigest.isEqual(fromRoot, toRoot);
        }
        if (from == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty() || !isHash(fromRoot) || !isHash(toRoot)) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(from) == 1) {
            path.add(0, fromRoot);
        }
        long fn = from - 1;
        long sn = to - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        if (!isHash(path.get(0))) {
            return false;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0 || !isHash(c)) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, fromRoot) && MessageDigest.isEqual(sr, toRoot);
    }

    /**
     * The complete subtrees that appending leaf {@code index} completes, lowest first: the leaf itself
     * at level 0, then each parent whose right child it just completed. {@code nodes} must already
     * answer the left siblings (subtrees completed before).
     */
    public static List<Node> completedBy(long index, byte[] leafHash, Nodes nodes) {
        List<Node> completed = new ArrayList<>();
        byte[] hash = leafHash;
        int level = 0;
        long at = index;
        completed.add(new Node(0, index, hash));
        while ((at & 1) == 1) {
            hash = nodeHash(nodes.hash(level, at - 1), hash);
            level++;
            at >>= 1;
            completed.add(new Node(level, at, hash));
        }
        return completed;
    }

    /** A complete subtree's hash, where it sits. */
    public record Node(int level, long index, byte[] hash) {
    }

    /** Nodes computed from leaf hashes in memory: for tests and for an export's verifier. */
    public static Nodes inMemory(List<byte[]> leafHashes) {
        List<List<byte[]>> levels = new ArrayList<>();
        levels.add(List.copyOf(leafHashes));
        while (levels.get(levels.size() - 1).size() > 1) {
            List<byte[]> below = levels.get(levels.size() - 1);
            List<byte[]> level = new ArrayList<>(below.size() / 2);
            for (int i = 0; i + 1 < below.size(); i += 2) {
                level.add(nodeHash(below.get(i), below.get(i + 1)));
            }
            levels.add(level);
        }
        return (level, index) -> levels.get(level).get(Math.toIntExact(index));
    }

    /** MTH(D[start:start+n]) for n ≥ 1. */
    private static byte[] hash(Nodes nodes, long start, long n) {
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return nodes.hash(level, start >> level);
        }
        long k = splitOf(n);
        return nodeHash(hash(nodes, start, k), hash(nodes, start + k, n - k));
    }

    private static void path(Nodes nodes, long m, long start, long n, List<byte[]> into) {
        if (n == 1) {
            return;
        }
        long k = splitOf(n);
        if (m < k) {
            path(nodes, m, start, k, into);
            into.add(hash(nodes, start + k, n - k));
        } else {
            path(nodes, m - k, start + k, n - k, into);
            into.add(hash(nodes, start, k));
        }
    }

    private static void subproof(Nodes nodes, long m, long start, long n, boolean complete, List<byte[]> into) {
        if (m == n) {
            if (!complete) {
                into.add(hash(nodes, start, n));
            }
            return;
        }
        long k = splitOf(n);
        if (m <= k) {
            subproof(nodes, m, start, k, complete, into);
            into.add(hash(nodes, start + k, n - k));
        } else {
            subproof(nodes, m - k, start + k, n - k, false, into);
            into.add(hash(nodes, start, k));
        }
    }

    /** The largest power of two smaller than n (n ≥ 2). */
    static long splitOf(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static boolean isHash(byte[] hash) {
        return hash != null && hash.length == HASH_BYTES;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
