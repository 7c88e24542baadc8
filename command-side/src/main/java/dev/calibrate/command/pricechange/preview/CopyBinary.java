package dev.calibrate.command.pricechange.preview;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Rows in PostgreSQL's binary COPY format, written into one growing byte array: each row its field
 * count, then each field as its length and its bytes in the type's binary form ({@code uuid},
 * {@code integer}, {@code text}, {@code numeric}, {@code text[]}), or length -1 for NULL. PostgreSQL
 * reads these without parsing text: no quoting, no number or id syntax. {@link #HEADER} starts a COPY,
 * {@link #TRAILER} ends it.
 */
public final class CopyBinary {

    /** The signature, no flags, no header extension. */
    public static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** A field count of -1. */
    public static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};

    private static final int TEXT_OID = 25;
    private static final short NUMERIC_POSITIVE = 0x0000;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000};
    /** Amounts whose unscaled value has at most this many digits are split into base-10000 digits as a long. */
    private static final int LONG_DIGITS = 15;

    private byte[] bytes;
    private int size;

    public CopyBinary(int capacity) {
        this.bytes = new byte[Math.max(capacity, 64)];
    }

    /** The bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    public CopyBinary raw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    /** A row of {@code fields} fields starts. */
    public CopyBinary row(int fields) {
        return int16(fields);
    }

    public CopyBinary nullField() {
        return int32(-1);
    }

    public CopyBinary uuid(UUID value) {
        if (value == null) return nullField();
        int32(16);
        int64(value.getMostSignificantBits());
        return int64(value.getLeastSignificantBits());
    }

    public CopyBinary integer(int value) {
        int32(4);
        return int32(value);
    }

    public CopyBinary text(String value) {
        return value == null ? nullField() : field(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A field whose bytes are already made (a text's UTF-8, an array's binary form). */
    public CopyBinary field(byte[] value) {
        int32(value.length);
        return raw(value);
    }

    /** A {@code text[]} of one dimension, its elements in the given order, none of them null. */
    public static byte[] textArray(List<String> values) {
        CopyBinary array = new CopyBinary(20 + values.size() * 16);
        array.int32(values.isEmpty() ? 0 : 1).int32(0).int32(TEXT_OID);
        if (!values.isEmpty()) {
            array.int32(values.size()).int32(1);
            for (String value : values) array.text(value);
        }
        return array.toByteArray();
    }

    /**
     * A {@code numeric}: its count of base-10000 digits, the weight of the first, the sign, the display
     * scale (the amount's scale, so 1.50 stays 1.50), then the digits, leading and trailing zero digits
     * left out. The column's own precision and scale apply to it as to a text.
     */
    public CopyBinary numeric(BigDecimal value) {
        if (value == null) return nullField();
        if (value.scale() < 0) value = value.setScale(0);
        int scale = value.scale();
        // the fraction padded to whole base-10000 digits: 12.99 is 12 and 9900
        int pad = (4 - scale % 4) % 4;
        int fractionDigits = (scale + pad) / 4;
        short[] digits;
        int count;
        if (value.precision() <= LONG_DIGITS) {
            long unscaled = Math.abs(value.scaleByPowerOfTen(scale).longValueExact()) * POWERS_OF_TEN[pad];
            digits = new short[6];
            count = 0;
            for (; unscaled != 0; unscaled /= 10_000) digits[count++] = (short) (unscaled % 10_000);
        } else {
            String plain = value.abs().toPlainString().replace(".", "") + "0".repeat(pad);
            digits = new short[(plain.length() + 3) / 4];
            count = 0;
            for (int end = plain.length(); end > 0; end -= 4) {
                digits[count++] = Short.parseShort(plain.substring(Math.max(0, end - 4), end));
            }
            while (count > 0 && digits[count - 1] == 0) count--;
        }
        // digits[0] is the last (least significant); count stops at the most significant non-zero one
        int last = 0;
        while (last < count && digits[last] == 0) last++;
        int kept = count - last;
        int32(8 + 2 * kept);
        int16(kept);
        int16(kept == 0 ? 0 : count - fractionDigits - 1);
        int16(kept == 0 || value.signum() >= 0 ? NUMERIC_POSITIVE : NUMERIC_NEGATIVE);
        int16(scale);
        for (int digit = count - 1; digit >= last; digit--) int16(digits[digit]);
        return this;
    }

    private CopyBinary int16(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    private CopyBinary int32(int value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    private CopyBinary int64(long value) {
        int32((int) (value >>> 32));
        return int32((int) value);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
}
