package dev.calibrate.query.audit;

import dev.calibrate.kernel.error.InvalidInput;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A place in one tenant's audit log under one filter: the position of an entry, and a fingerprint of
 * the tenant and the filter it was given for. Opaque to clients. The fingerprint is not a secret
 * (row-level security keeps another tenant's rows out whatever the cursor says): it turns a cursor
 * reused with another filter or by another tenant into a 400 rather than a page that quietly starts
 * at a position from a different list.
 */
record AuditCursor(long position, String fingerprint) {

    private static final String VERSION = "a1";

    /** The fingerprint of a list: its tenant and each filter, blank or not. */
    static String fingerprint(String tenantId, String... filters) {
        StringBuilder text = new StringBuilder(tenantId);
        for (String filter : filters) {
            text.append('\n').append(filter == null ? "" : filter);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + "." + position + "." + fingerprint).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a client sent in {@code field}, checked against the list it is used with. */
    static AuditCursor decode(String field, String value, String expectedFingerprint) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII).split("\\.", -1);
        } catch (IllegalArgumentException notBase64) {
            throw notACursor(field);
        }
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !parts[1].matches("\\d{1,18}")) {
            throw notACursor(field);
        }
        if (!parts[2].equals(expectedFingerprint)) {
            throw new InvalidInput(field, "belongs to another filter: page from the list's first page again");
        }
        return new AuditCursor(Long.parseLong(parts[1]), parts[2]);
    }

    private static InvalidInput notACursor(String field) {
        return new InvalidInput(field, "is not a cursor this list gave (use next or previous from a page)");
    }
}
