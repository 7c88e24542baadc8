package dev.calibrate.query.feed;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.lang.Nullable;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The feed's {@code next}: {@code <position>.<tag>}, the tag an HMAC-SHA256 of the tenant, the position
 * and the filter (types and subject) the page was read with. A page that is not full (or ended at the
 * scan window) resumes past events the filter left out, so the same cursor with another filter would
 * skip those: it is refused (400) instead. An event's own position stays valid with any filter ("after
 * this event").
 */
public final class FeedCursors {

    private static final Pattern CURSOR = Pattern.compile("(\\d{1,18})\\.([A-Za-z0-9_-]{22})");
    private static final Pattern POSITION = Pattern.compile("\\d{1,18}");
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    private FeedCursors(byte[] key) {
        this.key = key;
    }

    /** Cursors tagged under a key derived from the server's secret: they cannot be forged, only copied. */
    public static FeedCursors keyed(byte[] serverKey) {
        return new FeedCursors(hmac(serverKey, "calibrate event feed cursor"));
    }

    /**
     * Without a server key the tag still binds a cursor to its tenant and filter, so a mistake is caught,
     * but anyone who knows the scheme could make one (which would only read their own tenant's events).
     */
    public static FeedCursors unkeyed() {
        return new FeedCursors("calibrate event feed cursor".getBytes(StandardCharsets.UTF_8));
    }

    public String next(TenantId tenantId, FeedQuery query, long position) {
        return position + "." + tag(tenantId, query.names(), query.subject(), position);
    }

    /**
     * The position to read after: none is 0, an event's position is taken as is, a cursor only with the
     * tenant and filter it was made for.
     */
    public long after(TenantId tenantId, Set<String> names, @Nullable String subject, String field,
                      @Nullable String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        if (POSITION.matcher(value).matches()) {
            return Long.parseLong(value);
        }
        Matcher cursor = CURSOR.matcher(value);
        if (!cursor.matches()) {
            throw new InvalidInput(field, "is not a position the feed gave (an event's position or a page's next)");
        }
        long position = Long.parseLong(cursor.group(1));
        byte[] expected = tag(tenantId, names, subject, position).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, cursor.group(2).getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidInput(field, "is a next made for another filter (types, subject) or tenant: resume "
                    + "with the filter it was made for, or after the position of the last event you handled");
        }
        return position;
    }

    private String tag(TenantId tenantId, Set<String> names, @Nullable String subject, long position) {
        String filter = tenantId + "\n" + position + "\n" + String.join(",", new TreeSet<>(names)) + "\n"
                + (subject == null ? "" : subject);
        byte[] mac = Arrays.copyOf(hmac(key, filter), 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is always available", e);
        }
    }
}
