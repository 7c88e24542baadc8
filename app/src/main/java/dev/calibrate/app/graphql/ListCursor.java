package dev.calibrate.app.graphql;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.TenantId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * An opaque cursor: a keyset position in one list of one tenant (e.g. a product's SKU and id), and a
 * fingerprint of the tenant, the list, its filter and the position. As with the audit log's cursors the
 * fingerprint is no secret (row-level security keeps another tenant's rows out whatever a cursor says):
 * it turns a cursor edited, or reused by another tenant or with another filter, into a validation error
 * rather than a page that quietly starts somewhere else.
 */
final class ListCursor {

    private static final String VERSION = "g1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final TenantId tenant;
    private final String list;

    /** Cursors of {@code list} (its name and filter, e.g. "products?q=tee") for {@code tenant}. */
    ListCursor(TenantId tenant, String list) {
        this.tenant = tenant;
        this.list = list;
    }

    String encode(String... position) {
        StringBuilder text = new StringBuilder(VERSION);
        for (String part : position) {
            text.append('.').append(ENCODER.encodeToString(part.getBytes(StandardCharsets.UTF_8)));
        }
        text.append('.').append(fingerprint(position));
        return ENCODER.encodeToString(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The position in the cursor a client sent as {@code argument}, checked against this list. */
    List<String> decode(String argument, String cursor, int parts) {
        if (cursor.length() > 2_000) {
            throw notACursor(argument);
        }
        String[] fields;
        try {
            fields = new String(DECODER.decode(cursor), StandardCharsets.US_ASCII).split("\\.", -1);
        } catch (IllegalArgumentException notBase64) {
            throw notACursor(argument);
        }
        if (fields.length != parts + 2 || !VERSION.equals(fields[0])) {
            throw notACursor(argument);
        }
        List<String> position = new ArrayList<>();
        try {
            for (int i = 1; i <= parts; i++) {
                position.add(new String(DECODER.decode(fields[i]), StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException notBase64) {
            throw notACursor(argument);
        }
        if (!fields[parts + 1].equals(fingerprint(position.toArray(String[]::new)))) {
            throw new InvalidInput(argument, "is not a cursor of this list for this tenant: page from the "
                    + "list's first page again");
        }
        return position;
    }

    private String fingerprint(String... position) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((tenant + "\n" + list).getBytes(StandardCharsets.UTF_8));
            for (String part : position) {
                digest.update((byte) 0);
                digest.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static InvalidInput notACursor(String argument) {
        return new InvalidInput(argument, "is not a cursor this list gave (use a cursor from its edges or pageInfo)");
    }
}
