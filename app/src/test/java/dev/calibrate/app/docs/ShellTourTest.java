package dev.calibrate.app.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellTourTest {

    private static final Path PAGE = Path.of("PAGE.md");

    @Test
    void runsEveryBashBlockInOrderAndLeavesOutOnlyTheOnesThatSayWhy() {
        ShellTour tour = ShellTour.parse(PAGE, List.of(
                "# Title",
                "<!-- tour: not run: starts the server -->",
                "```bash",
                "java -jar app.jar",
                "```",
                "```json",
                "{\"not\": \"shell\"}",
                "```",
                "Some words.",
                "```bash",
                "echo one",
                "```",
                "<!-- tour: not run: a placeholder -->",
                "",
                "```bash",
                "echo two",
                "```"));

        assertThat(tour.blocks()).extracting(ShellTour.Block::text).containsExactly("echo one\n");
        assertThat(tour.blocks().get(0).where()).isEqualTo("PAGE.md:10");
        assertThat(tour.notRun()).extracting(ShellTour.Block::text).containsExactly("java -jar app.jar\n", "echo two\n");
    }

    @Test
    void aBlockLeftOutWithoutAReasonIsAnError() {
        assertThatThrownBy(() -> ShellTour.parse(PAGE, List.of("<!-- tour: not run -->", "```bash", "x", "```")))
                .hasMessageContaining("PAGE.md:2").hasMessageContaining("must say why");
    }

    @Test
    void everyAnswerIsCountedForTheBlockThatAskedAndAnErrorStatusIsAFailure() {
        TourRun.Result result = TourRun.parse(0, false, "", String.join("\n",
                "TOUR-BLOCK README.md:10",
                "TOUR-HTTP 201 POST http://x/a",
                "TOUR-BLOCK README.md:20",
                "TOUR-HTTP 200 GET http://x/b",
                "TOUR-HTTP 404 GET http://x/c",
                "TOUR-HTTP 000 GET http://x/d"));

        assertThat(result.exchanges()).hasSize(4);
        assertThat(result.failures()).extracting(TourRun.Exchange::block, TourRun.Exchange::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("README.md:20", 404),
                        org.assertj.core.groups.Tuple.tuple("README.md:20", 0));
        assertThat(result.lastBlock()).isEqualTo("README.md:20");
    }
}
