package dev.calibrate.connectors.shopify.fake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough {@code multipart/form-data} parsing (RFC 7578) for staged uploads. */
final class Multipart {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    /** One form part: its field name, file name (for file parts) and raw content. */
    record Part(String name, String filename, byte[] content) {
    }

    private Multipart() {
    }

    /** The boundary of a {@code multipart/form-data} content type, or null when it is not one. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
            return null;
        }
        Matcher matcher = BOUNDARY.matcher(contentType);
        return matcher.find() ? matcher.group(1) : null;
    }

    static List<Part> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int position = indexOf(body, delimiter, 0);
        while (position >= 0) {
            int start = position + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break; // closing delimiter
            }
            start = skipLineBreak(body, start);
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                break;
            }
            int end = next;
            // the line break before a delimiter belongs to the delimiter
            if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
                end -= 2;
            } else if (end >= 1 && body[end - 1] == '\n') {
                end -= 1;
            }
            parts.add(part(Arrays.copyOfRange(body, start, Math.max(start, end))));
            position = next;
        }
        return parts;
    }

    private static Part part(byte[] raw) {
        int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        int separator = 4;
        if (headerEnd < 0) {
            headerEnd = indexOf(raw, "\n\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            separator = 2;
        }
        if (headerEnd < 0) {
            return new Part("", null, raw);
        }
        String headers = new String(raw, 0, headerEnd, StandardCharsets.UTF_8);
        String name = "";
        String filename = null;
        for (String header : headers.split("\r?\n")) {
            if (header.toLowerCase().startsWith("content-disposition:")) {
                Matcher nameMatcher = NAME.matcher(header);
                if (nameMatcher.find()) {
                    name = nameMatcher.group(1);
                }
                Matcher fileMatcher = FILENAME.matcher(header);
                if (fileMatcher.find()) {
                    filename = fileMatcher.group(1);
                }
            }
        }
        return new Part(name, filename, Arrays.copyOfRange(raw, headerEnd + separator, raw.length));
    }

    private static int skipLineBreak(byte[] body, int at) {
        if (at < body.length && body[at] == '\r') {
            at++;
        }
        if (at < body.length && body[at] == '\n') {
            at++;
        }
        return at;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
