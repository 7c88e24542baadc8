package dev.calibrate.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ControlCharactersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void namesEveryStringAndKeyHoldingAControlCharacterByItsPath() throws IOException {
        JsonNode body = MAPPER.readTree("""
                {"sku": "A\\u0000", "tags": ["ok", "b\\u007f"], "channelRefs": {"shopify": {"v\\u0001": "1", "id": "x\\u001f"}},
                 "items": [{"vendor": "c\\td"}]}""");

        assertThat(ControlCharacters.violations(body)).extracting(Violation::field)
                .containsExactly("sku", "tags[1]", "channelRefs.shopify", "channelRefs.shopify.id", "items[0].vendor");
        assertThat(ControlCharacters.violations(body).get(0).message()).contains("U+0000").contains("position 1");
    }

    @Test
    void freeTextKeepsTabsAndLineBreaksButNothingElse() throws IOException {
        assertThat(ControlCharacters.violations(MAPPER.readTree("{\"title\": \"a\\tb\\nc\", \"name\": \"d\\te\"}"))).isEmpty();
        assertThat(ControlCharacters.violations(MAPPER.readTree("{\"title\": \"a\\rb\"}")))
                .extracting(Violation::field).containsExactly("title");
        assertThat(ControlCharacters.violations(MAPPER.readTree("{\"title\": \"a\\u0000\"}")))
                .extracting(Violation::field).containsExactly("title");
    }

    @Test
    void everyRequestSchemaRefusesThem() throws IOException {
        SchemaRegistry registry = SchemaRegistry.loadDefault();

        assertThat(registry.violations("TenantCreate", MAPPER.readTree("{\"name\": \"x\\u0000\", \"defaultCurrency\": \"USD\"}")))
                .first().extracting(Violation::field).isEqualTo("name");
        // events are what was stored, not input: their schemas describe, they do not police
        assertThat(registry.violations("TenantCreated", MAPPER.readTree(
                "{\"tenantId\": \"3f2c1f55-5d0e-4a0e-9a55-1b2c3d4e5f60\", \"name\": \"x\\u0000\", \"defaultCurrency\": \"USD\"}")))
                .isEmpty();
    }

    @Test
    void strippingKeepsWhatARequestCouldCarry() {
        assertThat(ControlCharacters.strip("Tee\u0000\tBlue\n", true)).isEqualTo("Tee\tBlue\n");
        assertThat(ControlCharacters.strip("TEE\u0000\t-1\u007f", false)).isEqualTo("TEE-1");
        assertThat(ControlCharacters.strip(null, false)).isNull();
    }
}
