package dev.calibrate.command.pricechange.preview;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each field as PostgreSQL's binary COPY format describes it, read back by {@link CopyRows}. That
 * PostgreSQL itself reads them as the same values is {@code PreviewRowsCopyTest}'s, in the app.
 */
class CopyBinaryTest {

    @Property(tries = 2_000)
    void anAmountReadsBackAsTheSameNumberAtTheSameScale(@ForAll("amounts") BigDecimal amount) {
        byte[] copy = rowOf(new CopyBinary(16).row(1).numeric(amount));

        assertThat(CopyRows.numeric(CopyRows.decode(copy).get(0).get(0))).isEqualTo(amount);
    }

    @Test
    void amountsAtTheEdgesOfABase10000Digit() {
        for (String amount : List.of("0", "0.0000", "-0.01", "1", "9999", "10000", "10000.0001", "0.0001", "0.00001",
                "12.99", "-13.40", "100000000", "99999999999999.9999", "1234567890123456789012.123456", "-0.5",
                "10.0000", "0.1234567890123456", "0.00001234567890123456", "-0.000000000000000001")) {
            BigDecimal value = new BigDecimal(amount);
            byte[] copy = rowOf(new CopyBinary(16).row(1).numeric(value));
            assertThat(CopyRows.numeric(CopyRows.decode(copy).get(0).get(0))).as(amount).isEqualTo(value);
        }
    }

    @Test
    void anAmountWithANegativeScaleIsWrittenAsTheWholeNumber() {
        byte[] copy = rowOf(new CopyBinary(16).row(1).numeric(new BigDecimal("1.2E+5")));

        assertThat(CopyRows.numeric(CopyRows.decode(copy).get(0).get(0))).isEqualTo(new BigDecimal("120000"));
    }

    @Test
    void nullFieldsHaveNoBytes() {
        byte[] copy = rowOf(new CopyBinary(16).row(3).numeric(null).text(null).uuid(null));

        assertThat(CopyRows.decode(copy).get(0)).containsExactly(null, null, null);
    }

    @Test
    void idsNumbersTextsAndArraysKeepTheirValues() {
        UUID id = UUID.randomUUID();
        byte[] copy = rowOf(new CopyBinary(16).row(5).uuid(id).integer(-7).text("Grüße, \"quoted\"\n")
                .field(CopyBinary.textArray(List.of("amazon", "shop\\\"ify"))).field(CopyBinary.textArray(List.of())));

        List<byte[]> row = CopyRows.decode(copy).get(0);
        assertThat(CopyRows.uuid(row.get(0))).isEqualTo(id);
        assertThat(CopyRows.integer(row.get(1))).isEqualTo(-7);
        assertThat(CopyRows.text(row.get(2))).isEqualTo("Grüße, \"quoted\"\n");
        assertThat(CopyRows.textArray(row.get(3))).containsExactly("amazon", "shop\\\"ify");
        assertThat(CopyRows.textArray(row.get(4))).isEmpty();
    }

    @Provide
    Arbitrary<BigDecimal> amounts() {
        Arbitrary<BigInteger> small = Arbitraries.longs().between(-999_999_999_999_999L, 999_999_999_999_999L)
                .map(BigInteger::valueOf);
        Arbitrary<BigInteger> large = Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30));
        // scales past the digits too: amounts below 1 with leading zeros after the point, on both paths
        return Arbitraries.oneOf(small, large).flatMap(unscaled -> Arbitraries.integers().between(0, 40)
                .map(scale -> new BigDecimal(unscaled, scale)));
    }

    private static byte[] rowOf(CopyBinary row) {
        return new CopyBinary(64).raw(CopyBinary.HEADER).raw(row.toByteArray()).raw(CopyBinary.TRAILER).toByteArray();
    }
}
