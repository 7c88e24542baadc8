package dev.calibrate.command.rule.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** A scheduled draft's name fits a price change's 200 characters whatever the rule's name and the zone. */
class DraftNameTest {

    private static final Instant SLOT = Instant.parse("2026-12-07T05:30:00Z");
    private static final ZoneId BUENOS_AIRES = ZoneId.of("America/Argentina/Buenos_Aires");
    private static final String SUFFIX = " (scheduled run of 2026-12-07 02:30 America/Argentina/Buenos_Aires)";

    @Test
    void aShortNameKeepsItselfAndGetsTheSlotInTheTenantsZone() {
        assertThat(ScheduledRuns.draftName("Nightly summer", SLOT, BUENOS_AIRES)).isEqualTo("Nightly summer" + SUFFIX);
    }

    @Test
    void aRuleNameOfTwoHundredCharactersIsCutSoTheWholeNameIsTwoHundred() {
        String name = ScheduledRuns.draftName("r".repeat(200), SLOT, BUENOS_AIRES);
        assertThat(name).hasSize(200).endsWith("…" + SUFFIX).startsWith("r".repeat(200 - SUFFIX.length() - 1));
    }

    @Test
    void aNameThatJustFitsIsNotCut() {
        String base = "r".repeat(200 - SUFFIX.length());
        assertThat(ScheduledRuns.draftName(base, SLOT, BUENOS_AIRES)).isEqualTo(base + SUFFIX).hasSize(200);
    }

    @Test
    void theCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String name = ScheduledRuns.draftName("😀".repeat(100), SLOT, BUENOS_AIRES);
        assertThat(name).hasSizeLessThanOrEqualTo(200).endsWith("…" + SUFFIX);
        String base = name.substring(0, name.length() - SUFFIX.length() - 1);
        assertThat(base.codePoints().allMatch(c -> c == "😀".codePointAt(0))).as(base).isTrue();
    }
}
