package dev.calibrate.command.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Values many products share (a vendor, a product type, a set of tags, a currency) stored once and
 * referred to by a small code; {@code -1} codes null. Grows only: a value no product uses any more
 * stays until the tenant is reloaded.
 */
final class Dictionary<T> {

    /** A HashMap entry, the list slot and the code, beside the value itself. */
    private static final long OVERHEAD = 56;

    private final Map<T, Integer> codes = new HashMap<>();
    private final List<T> values = new ArrayList<>();
    private final ToLongFunction<T> valueBytes;
    private long bytes;

    Dictionary(ToLongFunction<T> valueBytes) {
        this.valueBytes = valueBytes;
    }

    int code(T value) {
        if (value == null) {
            return -1;
        }
        Integer code = codes.get(value);
        if (code == null) {
            code = values.size();
            codes.put(value, code);
            values.add(value);
            bytes += OVERHEAD + valueBytes.applyAsLong(value);
        }
        return code;
    }

    T value(int code) {
        return code < 0 ? null : values.get(code);
    }

    int size() {
        return values.size();
    }

    /** The values by code, as they are now: a copy later codes do not change. */
    @SuppressWarnings("unchecked")
    T[] snapshot(T[] type) {
        return values.toArray(type);
    }

    long estimatedBytes() {
        return bytes;
    }

    static long stringBytes(String value) {
        // object header and fields, array header, one byte per Latin-1 character (two otherwise)
        if (value == null) {
            return 0;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 255) {
                return 40 + 2L * value.length();
            }
        }
        return 40 + value.length();
    }
}
