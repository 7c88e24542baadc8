package dev.calibrate.app.webhooks.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What PostgreSQL text refuses (NUL) and other control characters never reach the outbox. */
class ResponseTextTest {

    @Test
    void nulAndControlCharactersBecomeTheReplacementCharacterNewlinesAndTabsStay() {
        assertThat(ResponseText.clean("ok\u0000a\u0007b\rc\u001b\u007f\u0085")).isEqualTo("ok\uFFFDa\uFFFDb\uFFFDc\uFFFD\uFFFD\uFFFD");
        assertThat(ResponseText.clean("line\n\ttabbed")).isEqualTo("line\n\ttabbed");
    }

    @Test
    void loneSurrogatesAreReplacedPairsKept() {
        assertThat(ResponseText.clean("a\uD83D")).isEqualTo("a\uFFFD");
        assertThat(ResponseText.clean("\uDE00b")).isEqualTo("\uFFFDb");
        assertThat(ResponseText.clean("\uD83D\uDE00")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void cleanTextIsReturnedAsIsAndNullStaysNull() {
        String text = "{\"ok\": true} — ünïcode";
        assertThat(ResponseText.clean(text)).isSameAs(text);
        assertThat(ResponseText.clean(null)).isNull();
    }
}
