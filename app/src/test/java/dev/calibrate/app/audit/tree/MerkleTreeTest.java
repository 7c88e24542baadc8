package dev.calibrate.app.audit.tree;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tree against published RFC 6962 test vectors, then every proof of every size up to 64 both ways:
 * each verifies, and each altered byte, index or size fails.
 *
 * <p>Vectors copied from transparency-dev/merkle (Apache 2.0): testonly/constants.go (LeafInputs,
 * RootHashes, NodeHashes) and proof/verify_test.go (inclusionProofs, consistencyProofs; their leaf
 * numbers there are 1-based, here they are indexes).
 */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final List<byte[]> LEAF_INPUTS = hex("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");

    private static final List<byte[]> ROOTS = hex(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static final List<byte[]> LEAF_HASHES = hex(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1");

    private record Vector(long index, long size, List<byte[]> proof) {
    }

    private static final List<Vector> INCLUSION = List.of(
            new Vector(0, 1, List.of()),
            new Vector(0, 8, hex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Vector(5, 8, hex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new Vector(2, 3, hex("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
            new Vector(1, 5, hex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

    /** index is the first size here. */
    private static final List<Vector> CONSISTENCY = List.of(
            new Vector(1, 1, List.of()),
            new Vector(1, 8, hex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Vector(6, 8, hex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new Vector(2, 5, hex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new Vector(6, 7, hex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

    private final MerkleTree.Nodes vectorTree = MerkleTree.inMemory(
            LEAF_INPUTS.stream().map(MerkleTree::leafHash).toList());

    @Test
    void leafHashesAndRootsOfEverySizeMatchTheVectors() {
        for (int i = 0; i < LEAF_INPUTS.size(); i++) {
            assertThat(MerkleTree.leafHash(LEAF_INPUTS.get(i))).as("leaf %d", i).isEqualTo(LEAF_HASHES.get(i));
        }
        for (int size = 0; size <= 8; size++) {
            assertThat(HEX.formatHex(MerkleTree.root(vectorTree, size))).as("root of size %d", size)
                    .isEqualTo(HEX.formatHex(ROOTS.get(size)));
        }
    }

    @Test
    void inclusionProofsMatchTheVectorsAndVerify() {
        for (Vector v : INCLUSION) {
            List<byte[]> proof = MerkleTree.inclusionProof(vectorTree, v.index(), v.size());
            assertThat(hex(proof)).as("path of %d in %d", v.index(), v.size()).isEqualTo(hex(v.proof()));
            assertThat(MerkleTree.verifyInclusion(v.index(), v.size(), LEAF_HASHES.get((int) v.index()), v.proof(),
                    ROOTS.get((int) v.size()))).isTrue();
        }
    }

    @Test
    void consistencyProofsMatchTheVectorsAndVerify() {
        for (Vector v : CONSISTENCY) {
            List<byte[]> proof = MerkleTree.consistencyProof(vectorTree, v.index(), v.size());
            assertThat(hex(proof)).as("proof %d to %d", v.index(), v.size()).isEqualTo(hex(v.proof()));
            assertThat(MerkleTree.verifyConsistency(v.index(), v.size(), v.proof(), ROOTS.get((int) v.index()),
                    ROOTS.get((int) v.size()))).isTrue();
        }
    }

    @Test
    void everyInclusionProofUpTo64VerifiesAndAnyChangeFails() {
        List<byte[]> leaves = leaves(64);
        MerkleTree.Nodes tree = MerkleTree.inMemory(leaves);
        for (long size = 1; size <= 64; size++) {
            byte[] root = MerkleTree.root(tree, size);
            for (long index = 0; index < size; index++) {
                byte[] leaf = leaves.get((int) index);
                List<byte[]> path = MerkleTree.inclusionProof(tree, index, size);
                assertThat(MerkleTree.verifyInclusion(index, size, leaf, path, root)).as("%d in %d", index, size).isTrue();
                assertThat(MerkleTree.verifyInclusion(index, size, flipped(leaf, 7), path, root)).isFalse();
                assertThat(MerkleTree.verifyInclusion(index, size, leaf, path, flipped(root, 31))).isFalse();
                assertThat(MerkleTree.verifyInclusion(index + 1, size, leaf, path, root)).isFalse();
                assertThat(MerkleTree.verifyInclusion(index, size * 2, leaf, path, root)).isFalse();
                for (int i = 0; i < path.size(); i++) {
                    for (int b = 0; b < MerkleTree.HASH_BYTES; b += 5) {
                        List<byte[]> forged = new ArrayList<>(path);
                        forged.set(i, flipped(path.get(i), b));
                        assertThat(MerkleTree.verifyInclusion(index, size, leaf, forged, root)).isFalse();
                    }
                }
                List<byte[]> longer = new ArrayList<>(path);
                longer.add(root);
                assertThat(MerkleTree.verifyInclusion(index, size, leaf, longer, root)).isFalse();
                if (!path.isEmpty()) {
                    assertThat(MerkleTree.verifyInclusion(index, size, leaf, path.subList(0, path.size() - 1), root)).isFalse();
                }
            }
        }
    }

    @Test
    void everyConsistencyProofUpTo64VerifiesAndAnyChangeFails() {
        List<byte[]> leaves = leaves(64);
        MerkleTree.Nodes tree = MerkleTree.inMemory(leaves);
        for (long to = 1; to <= 64; to++) {
            byte[] toRoot = MerkleTree.root(tree, to);
            for (long from = 1; from <= to; from++) {
                byte[] fromRoot = MerkleTree.root(tree, from);
                List<byte[]> proof = MerkleTree.consistencyProof(tree, from, to);
                assertThat(MerkleTree.verifyConsistency(from, to, proof, fromRoot, toRoot)).as("%d to %d", from, to).isTrue();
                if (from == to) {
                    assertThat(proof).isEmpty();
                    continue;
                }
                assertThat(MerkleTree.verifyConsistency(from, to, proof, flipped(fromRoot, 0), toRoot)).isFalse();
                assertThat(MerkleTree.verifyConsistency(from, to, proof, fromRoot, flipped(toRoot, 31))).isFalse();
                assertThat(MerkleTree.verifyConsistency(from, to, List.of(), fromRoot, toRoot)).isFalse();
                for (int i = 0; i < proof.size(); i++) {
                    for (int b = 0; b < MerkleTree.HASH_BYTES; b += 5) {
                        List<byte[]> forged = new ArrayList<>(proof);
                        forged.set(i, flipped(proof.get(i), b));
                        assertThat(MerkleTree.verifyConsistency(from, to, forged, fromRoot, toRoot))
                                .as("%d to %d, proof[%d] byte %d", from, to, i, b).isFalse();
                    }
                }
                List<byte[]> longer = new ArrayList<>(proof);
                longer.add(toRoot);
                assertThat(MerkleTree.verifyConsistency(from, to, longer, fromRoot, toRoot)).isFalse();
            }
        }
    }

    @Test
    void storingTheSubtreesEachLeafCompletesAnswersTheSameRoots() {
        List<byte[]> leaves = leaves(37);
        java.util.Map<String, byte[]> stored = new java.util.HashMap<>();
        MerkleTree.Nodes fromStore = (level, index) -> stored.get(level + "/" + index);
        MerkleTree.Nodes reference = MerkleTree.inMemory(leaves);
        for (int i = 0; i < leaves.size(); i++) {
            for (MerkleTree.Node node : MerkleTree.completedBy(i, leaves.get(i), fromStore)) {
                stored.put(node.level() + "/" + node.index(), node.hash());
            }
            assertThat(MerkleTree.root(fromStore, i + 1)).isEqualTo(MerkleTree.root(reference, i + 1));
        }
        // 37 leaves complete 37 + 18 + 9 + 4 + 2 + 1 subtrees
        assertThat(stored).hasSize(71);
    }

    @Test
    void theEmptyTreeAndImpossibleProofsAreRefused() {
        assertThat(MerkleTree.root(vectorTree, 0)).isEqualTo(ROOTS.get(0));
        assertThat(MerkleTree.verifyInclusion(0, 0, LEAF_HASHES.get(0), List.of(), ROOTS.get(0))).isFalse();
        assertThat(MerkleTree.verifyConsistency(0, 5, List.of(), ROOTS.get(0), ROOTS.get(5))).isTrue();
        assertThat(MerkleTree.verifyConsistency(5, 4, List.of(), ROOTS.get(5), ROOTS.get(4))).isFalse();
        assertThat(MerkleTree.verifyConsistency(3, 3, List.of(ROOTS.get(3)), ROOTS.get(3), ROOTS.get(3))).isFalse();
    }

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(MerkleTree.leafHash(("leaf " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    private static byte[] flipped(byte[] hash, int at) {
        byte[] copy = hash.clone();
        copy[at] ^= 0x08;
        return copy;
    }

    private static List<byte[]> hex(String... values) {
        List<byte[]> bytes = new ArrayList<>();
        for (String value : values) {
            bytes.add(HEX.parseHex(value));
        }
        return bytes;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }
}
