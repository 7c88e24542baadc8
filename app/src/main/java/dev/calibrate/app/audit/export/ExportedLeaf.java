package dev.calibrate.app.audit.export;

import dev.calibrate.app.audit.seal.SealedEvent;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One leaf line of an export: the leaf's index and fields, the event's stored payload and metadata
 * bytes as they are (metadata null when the store has none), and the leaf hash the log stored. The
 * payload is null only when the event sealed at this leaf is gone from the store.
 */
public record ExportedLeaf(long index, long position, String eventId, String aggregateId, String aggregateType,
                           long sequence, String type, String payloadRevision, String timestamp, byte[] payload,
                           byte[] metadata, byte[] leafHash) {

    private static final byte[] NONE = new byte[0];

    /** The leaf as sealing computes it, from these fields and the SHA-256 of these bytes. */
    public SealedEvent sealedEvent() {
        return new SealedEvent(position, eventId, aggregateId, aggregateType, sequence, type, payloadRevision, timestamp,
                sha256(payload), sha256(metadata == null ? NONE : metadata));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
