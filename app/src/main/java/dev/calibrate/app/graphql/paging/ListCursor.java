package dev.calibrate.app.graphql.paging;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.TenantId;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * An opaque cursor: a keyset position in one list of one tenant (e.g. a product's SKU and id), signed with
 * the server's {@link CursorKey} over the tenant, the list, its filter and the position. A cursor edited,
 * forged, or reused by another tenant or with another filter is a validation error rather than a page that
 * quietly starts somewhere else; each list still checks the position it decodes (a signed cursor only says
 * this server wrote it, and a key shared by a misconfigured server must not turn a bad value into a 500).
 */
public final class ListCursor {

    private static final String VERSION = "g2";
    private static final int SIGNATURE_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final CursorKey key;
    private final TenantId tenant;
    private final String list;

    /** Cursors of {@code list} (its name and filter, e.g. "products?q=tee") for {@code tenant}. */
    public ListCursor(CursorKey key, TenantId tenant, String list) {
        this.key = key;
        this.tenant = tenant;
        this.list = list;
    }

    public String encode(String... position) {
        StringBuilder text = new StringBuilder(VERSION);
        for (String part : position) {
            text.append('.').append(ENCODER.encodeToString(part.getBytes(StandardCharsets.UTF_8)));
        }
        text.append('.').append(ENCODER.encodeToString(signature(position)));
        return ENCODER.encodeToString(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The position in the cursor a client sent as {@code argument}, checked against this list. */
    public List<String> decode(String argument, String cursor, int parts) {
        if (cursor.length() > 2_000) {
            throw notACursor(argument);
        }
        String[] fields;
        List<String> position = new ArrayList<>();
        byte[] signature;
        try {
            fields = new String(DECODER.decode(cursor), StandardCharsets.US_ASCII).split("\\.", -1);
            if (fields.length != parts + 2 || !VERSION.equals(fields[0])) {
                throw notACursor(argument);
            }
            for (int i = 1; i <= parts; i++) {
                position.add(new String(DECODER.decode(fields[i]), StandardCharsets.UTF_8));
            }
            signature = DECODER.decode(fields[parts + 1]);
        } catch (IllegalArgumentException notBase64) {
            throw notACursor(argument);
        }
        if (!MessageDigest.isEqual(signature, signature(position.toArray(String[]::new)))) {
            throw new InvalidInput(argument, "is not a cursor of this list for this tenant: page from the "
                    + "list's first page again");
        }
        return position;
    }

    private byte[] signature(String... position) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes((tenant + "\n" + list).getBytes(StandardCharsets.UTF_8));
        for (String part : position) {
            // each part's length first: ("a", "bc") and ("ab", "c") never sign alike
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            message.write(0);
            message.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            message.write(0);
            message.writeBytes(bytes);
        }
        return Arrays.copyOf(key.sign(message.toByteArray()), SIGNATURE_BYTES);
    }

    private static InvalidInput notACursor(String argument) {
        return new InvalidInput(argument, "is not a cursor this list gave (use a cursor from its edges or pageInfo)");
    }
}
