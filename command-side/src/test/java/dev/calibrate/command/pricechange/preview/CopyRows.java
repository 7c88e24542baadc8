package dev.calibrate.command.pricechange.preview;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's binary COPY format read back, as its documentation describes it: the header, rows of
 * fields (each null or its bytes) until the trailer, and each type's binary form.
 */
public final class CopyRows {

    private CopyRows() {
    }

    /** The rows between the header and the trailer; a field is null or its bytes. */
    public static List<List<byte[]>> decode(byte[] copy) {
        ByteBuffer in = ByteBuffer.wrap(copy);
        byte[] signature = new byte[11];
        in.get(signature);
        assertThat(signature).as("signature").isEqualTo(Arrays.copyOf(CopyBinary.HEADER, 11));
        assertThat(in.getInt()).as("flags").isZero();
        int extension = in.getInt();
        in.position(in.position() + extension);
        List<List<byte[]>> rows = new ArrayList<>();
        for (short fields = in.getShort(); fields != -1; fields = in.getShort()) {
            List<byte[]> row = new ArrayList<>(fields);
            for (int field = 0; field < fields; field++) {
                int length = in.getInt();
                if (length == -1) {
                    row.add(null);
                } else {
                    byte[] bytes = new byte[length];
                    in.get(bytes);
                    row.add(bytes);
                }
            }
            rows.add(row);
        }
        assertThat(in.remaining()).as("nothing after the trailer").isZero();
        return rows;
    }

    public static UUID uuid(byte[] field) {
        ByteBuffer in = ByteBuffer.wrap(field);
        assertThat(field).hasSize(16);
        return new UUID(in.getLong(), in.getLong());
    }

    public static int integer(byte[] field) {
        assertThat(field).hasSize(4);
        return ByteBuffer.wrap(field).getInt();
    }

    public static String text(byte[] field) {
        return field == null ? null : new String(field, StandardCharsets.UTF_8);
    }

    /** Sum of digit × 10000^(weight - i), negated for the sign, at the display scale. */
    public static BigDecimal numeric(byte[] field) {
        if (field == null) return null;
        ByteBuffer in = ByteBuffer.wrap(field);
        short digits = in.getShort();
        short weight = in.getShort();
        short sign = in.getShort();
        short scale = in.getShort();
        assertThat(sign).as("positive or negative").isIn((short) 0, (short) 0x4000);
        BigDecimal value = BigDecimal.ZERO;
        for (int i = 0; i < digits; i++) {
            short digit = in.getShort();
            assertThat(digit).as("a base-10000 digit").isBetween((short) 0, (short) 9999);
            value = value.add(new BigDecimal(BigInteger.valueOf(digit), -4 * (weight - i)));
        }
        assertThat(in.remaining()).isZero();
        if (digits > 0) {
            assertThat(field[9] | field[8]).as("no leading zero digit").isNotZero();
            assertThat(field[field.length - 1] | field[field.length - 2]).as("no trailing zero digit").isNotZero();
        }
        return (sign == 0 ? value : value.negate()).setScale(scale);
    }

    public static List<String> textArray(byte[] field) {
        ByteBuffer in = ByteBuffer.wrap(field);
        int dimensions = in.getInt();
        assertThat(in.getInt()).as("no nulls").isZero();
        assertThat(in.getInt()).as("text").isEqualTo(25);
        if (dimensions == 0) return List.of();
        assertThat(dimensions).isEqualTo(1);
        int size = in.getInt();
        assertThat(in.getInt()).as("lower bound").isEqualTo(1);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            byte[] bytes = new byte[in.getInt()];
            in.get(bytes);
            values.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return values;
    }
}
