package dev.calibrate.command.pricechange.upload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.pricing.Rule;
import dev.calibrate.command.pricing.RuleParser;
import dev.calibrate.command.pricing.Step;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.schemas.SchemaRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An uploaded CSV of SKUs and prices: checked whole, every problem named by its line, and the rule it makes. */
class PriceUploadTest {

    private static final RuleParser RULES = new RuleParser(SchemaRegistry.loadDefault());

    private static PriceUpload parse(String csv) {
        return PriceUpload.parse(csv.getBytes(StandardCharsets.UTF_8), "spring.csv", "USD");
    }

    private static InvalidInput refused(String csv) {
        return refused(csv.getBytes(StandardCharsets.UTF_8), "USD");
    }

    private static InvalidInput refused(byte[] csv, String currency) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> PriceUpload.parse(csv, "spring.csv", currency));
        assertThat(thrown).isInstanceOf(InvalidInput.class);
        return (InvalidInput) thrown;
    }

    @Test
    void aFileBecomesARuleThatSelectsItsSkusAndPricesEachFromItsLine() {
        byte[] csv = "\uFEFFsku,price\r\nA-1,12.5\r\n\r\n\"B,2\",8.00\r\n".getBytes(StandardCharsets.UTF_8);

        PriceUpload upload = PriceUpload.parse(csv, "spring.csv", "USD");
        Rule rule = RULES.parse(upload.rule("set_to_current"));

        assertThat(upload.rows()).containsExactly(new PriceUpload.Row(2, "A-1", new BigDecimal("12.50")),
                new PriceUpload.Row(4, "B,2", new BigDecimal("8.00")));
        assertThat(upload.sha256()).hasSize(64).isEqualTo(java.util.HexFormat.of().formatHex(sha256(csv)));
        assertThat(rule.currency()).isEqualTo("USD");
        assertThat(rule.compareAt()).isEqualTo(Rule.CompareAt.SET_TO_CURRENT);
        Step.PriceTable table = (Step.PriceTable) rule.transform().get(0);
        assertThat(table.source()).isEqualTo("spring.csv (sha256 " + upload.sha256() + ")");
        assertThat(table.prices().get("B,2").line()).isEqualTo(4);
        assertThat(upload.rule("keep").get("selector").toString())
                .isEqualTo("{\"field\":\"sku\",\"op\":\"in\",\"value\":[\"A-1\",\"B,2\"]}");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tenThousandRowsAreTakenInConditionsOfAThousandSkus() {
        String csv = "sku,price\n" + IntStream.rangeClosed(1, 10_000).mapToObj(i -> "S" + i + ",1.00")
                .collect(Collectors.joining("\n"));

        JsonNode rule = parse(csv).rule("keep");

        assertThat(rule.get("selector").get("any")).hasSize(10);
        assertThat(RULES.parse(rule).transform()).hasSize(1);
        InvalidInput tooMany = refused(csv + "\nS10001,1.00");
        assertThat(tooMany.field()).isEqualTo("line 10002");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown column          | sku,cost\\nA,1.00                  | line 1
            a compare_at column     | sku,price,compare_at\\nA,1.00,2.00 | line 1
            no header               | A,1.00                             | line 1
            only the header         | sku,price\\n                       | (body)
            a blank file            | '   '                              | line 1
            too few fields          | sku,price\\nA                      | line 2
            too many fields         | sku,price\\nA,1.00,x               | line 2
            an open quote           | sku,price\\n"A,1.00                | line 2
            an empty SKU            | sku,price\\n ,1.00                 | line 2: sku
            a SKU too long          | sku,price\\n%s,1.00                | line 2: sku
            a control character     | sku,price\\nA\\u0007,1.00          | line 2
            a C1 control character  | sku,price\\nA\\u0085B,1.00         | line 2
            not a number            | sku,price\\nA,twelve               | line 2: price
            a JSON-ish number       | sku,price\\nA,1e3                  | line 2: price
            a negative price        | sku,price\\nA,-1.00                | line 2: price
            zero                    | sku,price\\nA,0.00                 | line 2: price
            more decimals than USD  | sku,price\\nA,1.005                | line 2: price
            more digits than held   | sku,price\\nA,1000000000000000     | line 2: price
            an empty price          | sku,price\\nA,                     | line 2: price
            """)
    void eachBadFileIsRefusedNamingWhere(String what, String csv, String field) {
        String text = csv.replace("\\n", "\n").replace("\\u0007", "\u0007").replace("\\u0085", "\u0085")
                .replace("%s", "X".repeat(256));

        assertThat(refused(text).field()).as(what).isEqualTo(field);
    }

    @Test
    void aDuplicateSkuNamesBothLinesAndEveryBadLineIsListed() {
        InvalidInput refused = refused("sku,price\nA,1.00\nB,x\nA,2.00\nC,-3\n");

        assertThat(refused.violations()).extracting(Violation::field)
                .containsExactly("line 3: price", "line 4: sku", "line 5: price");
        assertThat(refused.violations().get(1).message()).isEqualTo("is in the file twice (first on line 2)");
        assertThat(refused.violations().get(2).message()).contains("negative");
    }

    @Test
    void atMostAHundredProblemsAreListed() {
        String csv = "sku,price\n" + IntStream.rangeClosed(1, 500).mapToObj(i -> "S" + i + ",x")
                .collect(Collectors.joining("\n"));

        assertThat(refused(csv).violations()).hasSize(PriceUpload.MAX_VIOLATIONS);
    }

    @Test
    void anEmptyOrNonUtf8BodyAnUnknownCurrencyAndABadFileNameAreRefused() {
        assertThat(refused(new byte[0], "USD").field()).isEqualTo("(body)");
        assertThat(refused(null, "USD").field()).isEqualTo("(body)");
        assertThat(refused(new byte[] {'s', 'k', 'u', ',', 'p', (byte) 0xC3, (byte) 0x28}, "USD").field()).isEqualTo("(body)");
        assertThat(refused("sku,price\nA,1.00".getBytes(StandardCharsets.UTF_8), "usd").field()).isEqualTo("currency");
        assertThat(refused("sku,price\nA,1.50".getBytes(StandardCharsets.UTF_8), "JPY").field()).isEqualTo("line 2: price");
        assertThatThrownBy(() -> PriceUpload.parse("sku,price\nA,1".getBytes(StandardCharsets.UTF_8), "a\nb.csv", "USD"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("fileName"));
    }

    @Test
    void aLineWithTwoProblemsIsStillOneRowOfTheTenThousand() {
        String csv = "sku,price\n ,x\n" + IntStream.rangeClosed(2, 10_000).mapToObj(i -> "S" + i + ",1.00")
                .collect(Collectors.joining("\n"));

        assertThat(refused(csv).violations()).extracting(Violation::field)
                .containsExactly("line 2: sku", "line 2: price");
    }

    @Test
    void loneCarriageReturnsAreRefusedSayingWhichLineEndsAreTaken() {
        InvalidInput refused = refused("sku,price\nA,1.00\rB,2.00\r");

        assertThat(refused.field()).isEqualTo("line 2");
        assertThat(refused.reason()).contains("LF").contains("CR LF");
        assertThat(parse("sku,price\r\nA,1.00\r\n").rows()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a right-to-left override | spring\\u202Evsc.csv
            a zero-width space       | spring\\u200B.csv
            a line separator         | spring\\u2028.csv
            a paragraph separator    | spring\\u2029.csv
            a hash of its own        | spring.csv (sha256 abc)
            """)
    void aFileNameThatCouldPassForAnotherIsRefused(String what, String fileName) {
        String name = fileName.replace("\\u202E", "\u202E").replace("\\u200B", "\u200B")
                .replace("\\u2028", "\u2028").replace("\\u2029", "\u2029");

        assertThatThrownBy(() -> PriceUpload.parse("sku,price\nA,1".getBytes(StandardCharsets.UTF_8), name, "USD"))
                .as(what).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("fileName"));
    }
}
