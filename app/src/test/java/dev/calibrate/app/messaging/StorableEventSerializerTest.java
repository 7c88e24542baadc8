package dev.calibrate.app.messaging;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON of a stored event is read without U+0000, and nothing else in it changes. */
class StorableEventSerializerTest {

    @Test
    void aNulEscapeBecomesTheReplacementCharacter() {
        assertThat(clean("{\"sku\":\"NUL\\u0000SKU\",\"tags\":[\"\\u0000\"]}"))
                .isEqualTo("{\"sku\":\"NUL\\uFFFDSKU\",\"tags\":[\"\\uFFFD\"]}");
    }

    @Test
    void aBackslashFollowedByTheTextU0000IsLeftAlone() {
        // the string \u0000 typed as six characters is serialized with an escaped backslash
        assertThat(clean("{\"note\":\"\\\\u0000\"}")).isEqualTo("{\"note\":\"\\\\u0000\"}");
        assertThat(clean("{\"note\":\"\\\\\\u0000\"}")).isEqualTo("{\"note\":\"\\\\\\uFFFD\"}");
    }

    @Test
    void jsonWithoutNulIsTheSameArray() {
        byte[] json = "{\"sku\":\"TEE-1\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(StorableEventSerializer.replaceNulEscapes(json)).isSameAs(json);
    }

    private static String clean(String json) {
        return new String(StorableEventSerializer.replaceNulEscapes(json.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }
}
