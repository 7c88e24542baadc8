package dev.calibrate.app.audit.checkpoint;

import java.time.Instant;

/** A signed checkpoint as stored: the tree's size and root when signed, by which key, and the note. */
public record Checkpoint(long treeSize, byte[] rootHash, String keyId, String note, Instant signedAt) {
}
