package dev.calibrate.app.console.competitor;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.ConsoleForms;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file too large for a console form is answered by the form, with the limit beside the file field and
 * the competitor still chosen, not with the API's JSON 413; the API's own body limit is unchanged.
 */
class ConsoleUploadLimitTest extends IntegrationTest {

    private static final String UPLOAD = "/console/competitors/observations";

    @Test
    void aFileOfSomeMegabytesComesBackAsTheFormWithTheLimitBesideTheFileField() {
        Upload upload = upload("Upload limit");

        Page tooLarge = upload.forms().upload(UPLOAD, Map.of("competitorId", upload.rival()), "file", "big.csv",
                csv(3 * 1024 * 1024), true);

        assertThat(tooLarge.status()).isEqualTo(422);
        assertThat(tooLarge.header("Content-Type")).startsWith("text/html");
        assertThat(tooLarge.body()).contains("<form").contains("id=\"file-error\"")
                .contains("file too large: at most 512 KB (5000 observations) in one upload; this one is 3.0 MB")
                .containsPattern("value=\"" + upload.rival() + "\"\\s+selected");
    }

    @Test
    void withoutTheCsrfTokenALargeUploadIsRefusedToo() {
        Upload upload = upload("Upload limit csrf");

        Page refused = upload.forms().upload(UPLOAD, Map.of("competitorId", upload.rival()), "file", "big.csv",
                csv(2 * 1024 * 1024), false);

        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void aBodyOverTheConsolesUploadLimitIsAPageNotJsonAndTheApiKeepsItsLimit() throws IOException {
        Upload upload = upload("Upload limit beyond");

        // the limit is judged by Content-Length before a byte of the body is read: no need to send 11 MB
        String beyond = rawHead(UPLOAD, upload.browser().sessionCookie(), 11L * 1024 * 1024);
        assertThat(beyond).startsWith("HTTP/1.1 413").containsIgnoringCase("Content-Type: text/html")
                .contains("The file is too large").contains("at most 10 MB");

        Api.Response api413 = api.post("/api/v1/competitors/" + upload.rival() + "/observations",
                upload.token().token(), Map.of("items", List.of(Map.of("sku", "x".repeat(1536 * 1024)))));
        assertThat(api413.status()).isEqualTo(413);
        assertThat(api413.contentType()).startsWith("application/problem+json");
    }

    /** Sends only the head of a multipart post announcing {@code length} bytes, and reads what the server answers. */
    private String rawHead(String path, String session, long length) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Cookie: CALIBRATE_SESSION=" + session + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: " + length + "\r\n"
                    + "Connection: close\r\n\r\n--x\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0 && answer.size() < 64 * 1024; ) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).contains("</html>")) {
                        break;
                    }
                }
            } catch (SocketException closed) {
                // the server may close the connection once it has answered; what it sent is kept
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private record Upload(Api.TenantToken token, String rival, ConsoleClient browser, ConsoleForms forms) {
    }

    private Upload upload(String name) {
        Api.TenantToken acme = api.newTenant(name);
        Api.Response rival = api.post("/api/v1/competitors", acme.token(),
                Map.of("name", "Rival", "domain", "rival.example"));
        assertThat(rival.status()).as(rival.body()).isEqualTo(201);
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signInWithToken(acme.token()).status()).isEqualTo(302);
        assertThat(browser.get("/console/competitors").status()).isEqualTo(200);
        return new Upload(acme, rival.json().get("id").asText(), browser, new ConsoleForms(port, browser));
    }

    /** A well-formed CSV of about {@code bytes} bytes. */
    private static byte[] csv(int bytes) {
        StringBuilder text = new StringBuilder("sku,price,currency,observedAt\n");
        String row = "U-1,10.00,USD,2026-11-26T09:30:00Z\n";
        while (text.length() < bytes) {
            text.append(row);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
