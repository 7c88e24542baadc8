package dev.calibrate.app.console.competitor;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.ConsoleForms;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ProductBodies;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Competitors in the console: registering one, a CSV of observed prices (answers by line), price position. */
class ConsoleCompetitorsTest extends IntegrationTest {

    private static final String COMPETITORS = "/console/competitors";
    private static final Pattern OPTION = Pattern.compile("<option value=\"([0-9a-f-]{36})\"");

    @Test
    void aCompetitorIsRegisteredItsCsvUploadedAndThePricePositionShown() {
        Api.TenantToken acme = api.newTenant("Console Rivals");
        assertThat(api.post("/api/v1/products", acme.token(), ProductBodies.product("C-1", "10.00")).status()).isLessThan(300);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/v1/products?size=1", acme.token()).json().path("total").asInt()).isEqualTo(1));
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(acme.token());
        assertThat(browser.get(COMPETITORS).body()).contains("No competitors yet").contains("Register a competitor first");

        Page badDomain = browser.post(COMPETITORS, Map.of("name", "Rival", "domain", "https://rival.example/x"));
        assertThat(badDomain.status()).isEqualTo(422);
        assertThat(badDomain.body()).contains("id=\"domain-error\"").contains("value=\"Rival\"");
        Page registered = browser.post(COMPETITORS, Map.of("name", "Rival <Co>", "domain", "Rival.Example"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(302);
        Page list = browser.get(COMPETITORS);
        assertThat(list.body()).contains("Registered Rival &lt;Co&gt;.").contains("rival.example");
        Matcher option = OPTION.matcher(list.body());
        assertThat(option.find()).isTrue();
        String rival = option.group(1);
        Page twice = browser.post(COMPETITORS, Map.of("name", "Rival again", "domain", "rival.example"));
        assertThat(twice.status()).isEqualTo(422);
        assertThat(twice.body()).contains("id=\"domain-error\"");

        Instant hourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String csv = "sku,price,currency,observedAt,url,inStock\r\n"
                + "C-1,9.50,USD," + hourAgo + ",\"https://rival.example/c-1?a=1,2\",true\r\n"
                + "\r\n"
                + "C-1,cheap,USD," + hourAgo + ",,\r\n"
                + "NOPE,5.00,USD," + hourAgo + ",,false\r\n";
        ConsoleForms forms = new ConsoleForms(port, browser);
        Page uploaded = forms.upload(COMPETITORS + "/observations", Map.of("competitorId", rival), "file", "rival.csv",
                csv.getBytes(StandardCharsets.UTF_8), true);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(302);
        Page result = browser.get(COMPETITORS);
        assertThat(result.body()).contains("Upload recorded")
                .containsPattern("<span class=\"num\">1</span> observations taken")
                .containsPattern("<span class=\"num\">2</span> refused")
                .containsPattern("<td class=\"num\">4</td>\\s*<td>price</td>")
                .containsPattern("<td class=\"num\">5</td>\\s*<td>sku</td>");
        assertThat(browser.get(COMPETITORS).body()).doesNotContain("Upload recorded");
        assertThat(api.get("/api/v1/competitors/" + rival + "/observations", acme.token()).json().path("total").asInt())
                .isEqualTo(1);

        Page position = browser.get(COMPETITORS + "/price-position");
        assertThat(position.status()).isEqualTo(200);
        assertThat(position.body()).contains("C-1").contains("9.50").contains(">most expensive<");
        Page filtered = browser.get(COMPETITORS + "/price-position?vendor=Nobody");
        assertThat(filtered.body()).contains("No active products with a price in this currency match the filters");
        Page badAge = browser.get(COMPETITORS + "/price-position?maxAgeHours=0&tag=storage");
        assertThat(badAge.status()).isEqualTo(422);
        assertThat(badAge.body()).contains("id=\"maxAgeHours-error\"").contains("value=\"storage\"");
        Page badCurrency = browser.get(COMPETITORS + "/price-position?currency=EURO");
        assertThat(badCurrency.status()).isEqualTo(422);
        assertThat(badCurrency.body()).contains("id=\"currency-error\"");
        assertThat(browser.get(COMPETITORS + "/price-position?maxAgeHours=soon").status()).isEqualTo(422);
    }

    @Test
    void aCsvThatCannotBeReadIsRefusedNamingItsLine() {
        Api.TenantToken acme = api.newTenant("Console Bad Csv");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(acme.token());
        browser.get(COMPETITORS);
        assertThat(browser.post(COMPETITORS, Map.of("name", "Rival", "domain", "rival.example")).status()).isEqualTo(302);
        Matcher option = OPTION.matcher(browser.get(COMPETITORS).body());
        assertThat(option.find()).isTrue();
        String rival = option.group(1);
        ConsoleForms forms = new ConsoleForms(port, browser);

        Page unknownColumn = upload(forms, rival, "sku,price,cost\nC-1,1.00,0.50\n");
        assertThat(unknownColumn.status()).isEqualTo(422);
        assertThat(unknownColumn.body()).contains("id=\"file-error\"").contains("line 1: &quot;cost&quot; is not a column");

        Page ragged = upload(forms, rival, "sku,price,currency,observedAt\nC-1,1.00,USD,2026-01-01T00:00:00Z\nC-2,2.00\n");
        assertThat(ragged.status()).isEqualTo(422);
        assertThat(ragged.body()).contains("line 3 has 2 cells; the header has 4");

        Page unclosed = upload(forms, rival, "sku,price\n\"C-1,1.00\n");
        assertThat(unclosed.body()).contains("line 2: a quoted cell is not closed");

        Page headerOnly = upload(forms, rival, "sku,price,currency,observedAt\n");
        assertThat(headerOnly.body()).contains("no observations after its header line");

        Page notText = forms.upload(COMPETITORS + "/observations", Map.of("competitorId", rival), "file", "x.csv",
                new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41}, true);
        assertThat(notText.status()).isEqualTo(422);
        assertThat(notText.body()).contains("not UTF-8 text");

        StringBuilder many = new StringBuilder("sku,price,currency,observedAt\n");
        for (int i = 0; i < 5001; i++) {
            many.append("S").append(i).append(",1,USD,2026-01-01T00:00:00Z\n");
        }
        Page tooMany = upload(forms, rival, many.toString());
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.body()).contains("one upload takes at most 5000");

        Page noCompetitor = forms.upload(COMPETITORS + "/observations", Map.of("competitorId", "nobody"), "file", "x.csv",
                "sku,price\nC-1,1\n".getBytes(StandardCharsets.UTF_8), true);
        assertThat(noCompetitor.body()).contains("id=\"competitorId-error\"");
        Page unknownCompetitor = forms.upload(COMPETITORS + "/observations",
                Map.of("competitorId", "00000000-0000-0000-0000-000000000001"), "file", "x.csv",
                "sku,price,currency,observedAt\nC-1,1.00,USD,2026-01-01T00:00:00Z\n".getBytes(StandardCharsets.UTF_8), true);
        assertThat(unknownCompetitor.status()).isEqualTo(422);
        assertThat(unknownCompetitor.body()).contains("id=\"competitorId-error\"");

        assertThat(api.get("/api/v1/competitors/" + rival + "/observations", acme.token()).json().path("total").asInt())
                .isZero();
    }

    @Test
    void aReaderSeesCompetitorsButCannotRegisterOrUploadAndCsrfIsNeeded() {
        Api.TenantToken acme = api.newTenant("Console Rival Reader");
        Api.TenantToken reader = api.token(acme.tenantId(), "competitors:read");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(reader.token());
        Page list = browser.get(COMPETITORS);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("Register a competitor").doesNotContain("type=\"file\"");
        assertThat(browser.post(COMPETITORS, Map.of("name", "Rival", "domain", "rival.example")).status()).isEqualTo(403);
        ConsoleForms forms = new ConsoleForms(port, browser);
        assertThat(upload(forms, "00000000-0000-0000-0000-000000000001", "sku,price\n").status()).isEqualTo(403);

        ConsoleClient noScope = new ConsoleClient(port);
        noScope.signInWithToken(api.token(acme.tenantId(), "catalog:read").token());
        assertThat(noScope.get(COMPETITORS).status()).isEqualTo(403);
        assertThat(noScope.get(COMPETITORS + "/price-position").status()).isEqualTo(403);

        ConsoleClient writer = new ConsoleClient(port);
        writer.signInWithToken(acme.token());
        writer.get(COMPETITORS);
        assertThat(writer.postRaw(COMPETITORS, Map.of("name", "Rival", "domain", "rival.example")).status()).isEqualTo(403);
        assertThat(new ConsoleForms(port, writer).upload(COMPETITORS + "/observations",
                Map.of("competitorId", "00000000-0000-0000-0000-000000000001"), "file", "x.csv",
                "sku\n".getBytes(StandardCharsets.UTF_8), false).status()).isEqualTo(403);
        assertThat(writer.get(COMPETITORS).body()).contains("No competitors yet");
    }

    private Page upload(ConsoleForms forms, String competitor, String csv) {
        return forms.upload(COMPETITORS + "/observations", Map.of("competitorId", competitor), "file", "upload.csv",
                csv.getBytes(StandardCharsets.UTF_8), true);
    }
}
