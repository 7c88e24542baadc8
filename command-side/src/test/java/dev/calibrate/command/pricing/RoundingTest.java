package dev.calibrate.command.pricing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class RoundingTest {

    @ParameterizedTest(name = "{0} {1} charm {2} -> {3}")
    @CsvSource({
            "USD, 34.00,   0.99, 33.99",
            "USD, 34.49,   0.99, 33.99",
            "USD, 34.50,   0.99, 34.99",
            "USD, 33.99,   0.99, 33.99",
            "USD, 34.48,   0.99, 33.99",
            // 34.49 is exactly between 33.99 and 34.99: ties go down
            "USD, 34.49,   0.99, 33.99",
            "USD, 0.30,    0.99, 0.99",
            "USD, 0.01,    0.99, 0.99",
            "USD, 1.40,    0.95, 0.95",
            "USD, 1.46,    0.95, 1.95",
            // 9.00: the nearest price ending in 9.00, repeating every ten
            "USD, 34.01,   9.00, 39.00",
            "USD, 33.99,   9.00, 29.00",
            // 34.00 is exactly between 29.00 and 39.00: ties go down
            "USD, 34.00,   9.00, 29.00",
            "USD, 4.00,    9.00, 9.00",
            "USD, 0.01,    9.00, 9.00",
            // an ending of zero never lands on zero
            "USD, 0.40,    0.00, 1.00",
            "USD, 2.50,    0.00, 2.00",
            "JPY, 1234,    99,   1199",
            "JPY, 1250,    99,   1299",
            "JPY, 1249,    99,   1199",
            "JPY, 1235,    9,    1239",
            "JPY, 1234,    9,    1229",
            "JPY, 1,       9,    9",
            "JPY, 1000,    980,  980",
            "BHD, 12.345,  0.950, 11.950",
            "BHD, 12.450,  0.950, 11.950",
            "BHD, 12.451,  0.950, 12.950",
            "BHD, 0.001,   0.500, 0.500",
    })
    void charmLandsOnTheNearestEndingWithTiesDown(String currency, String price, String ending, String expected) {
        assertThat(Rounding.charm(new BigDecimal(price), new BigDecimal(ending), currency))
                .isEqualTo(new BigDecimal(expected).setScale(Rounding.scale(currency)));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource({
            "USD, 34.02, NEAREST, 0.05, 34.00",
            "USD, 34.03, NEAREST, 0.05, 34.05",
            "USD, 34.025, NEAREST, 0.05, 34.05",
            "USD, 34.01, UP,      0.05, 34.05",
            "USD, 34.05, UP,      0.05, 34.05",
            "USD, 34.04, DOWN,    0.05, 34.00",
            "USD, 0.03,  DOWN,    0.05, 0.05",
            "USD, 0.01,  NEAREST, 1.00, 1.00",
            "USD, 34.51, DOWN,    1,    34.00",
            "JPY, 1234,  NEAREST, 10,   1230",
            "JPY, 1235,  NEAREST, 10,   1240",
            "JPY, 1201,  UP,      100,  1300",
            "JPY, 40,    DOWN,    100,  100",
            "KWD, 1.2345, NEAREST, 0.005, 1.235",
            "KWD, 1.236, DOWN,    0.005, 1.235",
            "KWD, 1.231, UP,      0.010, 1.240",
    })
    void incrementRoundingLandsOnAMultipleAndNeverOnZero(String currency, String price, Step.RoundMode mode,
                                                           String increment, String expected) {
        BigDecimal result = Rounding.toIncrement(new BigDecimal(price), new BigDecimal(increment), mode, currency);

        assertThat(result).isEqualTo(new BigDecimal(expected).setScale(Rounding.scale(currency)));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "USD, 10.005, 10.00",
            "USD, 10.015, 10.02",
            "USD, 0.004,  0.01",
            "USD, -5,     0.01",
            "JPY, 2.5,    2",
            "JPY, 0.4,    1",
            "BHD, 1.0005, 1.000",
            "BHD, 1.0015, 1.002",
            "BHD, 0,      0.001",
    })
    void stepOutputsAreHalfEvenAtMinorUnitsAndAtLeastOneMinorUnit(String currency, String raw, String expected) {
        BigDecimal result = Rounding.toMinorUnits(new BigDecimal(raw), currency);

        assertThat(result).isEqualTo(new BigDecimal(expected)).hasScaleOf(Rounding.scale(currency));
    }
}
