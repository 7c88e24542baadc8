package dev.calibrate.query.catalog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text a batch closes a price history entry with is the time PostgreSQL stores when the driver sends the
 * successor's event time as a timestamp: rounded to the microsecond half up (as PostgreSQL 15 and the driver were
 * seen to do: 500 ns gives 1 µs, 2,500 ns gives 3 µs), where PostgreSQL would round the same digits sent as text half
 * to even (0 and 2 µs). Event times are stored to the millisecond today, which every case passes through unchanged.
 */
class CatalogBatchTimesTest {

    @ParameterizedTest
    @CsvSource({
            "2026-12-07T04:00:00.123Z,           2026-12-07T04:00:00.123Z",
            "2026-12-07T04:00:00Z,               2026-12-07T04:00:00Z",
            "2026-12-07T04:00:00.000000499Z,     2026-12-07T04:00:00Z",
            "2026-12-07T04:00:00.000000500Z,     2026-12-07T04:00:00.000001Z",
            "2026-12-07T04:00:00.000002500Z,     2026-12-07T04:00:00.000003Z",
            "2026-12-07T04:00:00.123456789Z,     2026-12-07T04:00:00.123457Z",
            "2026-12-07T04:00:00.999999500Z,     2026-12-07T04:00:01Z"
    })
    void anEventTimeIsSentAsTheMicrosecondTheDriverWouldStore(String at, String stored) {
        assertThat(CatalogBatch.microseconds(Instant.parse(at))).isEqualTo(stored);
    }
}
