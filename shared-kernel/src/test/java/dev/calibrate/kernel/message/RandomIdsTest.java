package dev.calibrate.kernel.message;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RandomIdsTest {

    @Test
    void idsAreVersionFourIetfVariantUuidsThatParseBackToThemselves() {
        for (int i = 0; i < 1_000; i++) {
            UUID id = RandomIds.uuid();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(UUID.fromString(id.toString())).isEqualTo(id);
        }
    }

    @Test
    void threadsMakingIdsAtOnceNeverMakeTheSameOne() throws Exception {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        seen.add(RandomIds.uuid());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(160_000);
    }

    @Test
    void theBitsAreSpreadOverTheWholeIdNotOnlyItsFirstHalf() {
        // a generator that filled only part of the bytes would leave the other bits constant
        long orMost = 0;
        long andMost = -1;
        long orLeast = 0;
        long andLeast = -1;
        for (int i = 0; i < 200; i++) {
            UUID id = RandomIds.uuid();
            orMost |= id.getMostSignificantBits();
            andMost &= id.getMostSignificantBits();
            orLeast |= id.getLeastSignificantBits();
            andLeast &= id.getLeastSignificantBits();
        }
        // every bit but the 4 version bits and the 2 variant bits varies
        assertThat(Long.bitCount(orMost & ~andMost)).isEqualTo(60);
        assertThat(Long.bitCount(orLeast & ~andLeast)).isEqualTo(62);
    }
}
