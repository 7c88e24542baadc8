package dev.calibrate.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console as a browser without JavaScript sees it: one cookie jar, redirects not followed (a
 * test asserts where they go), and the CSRF token taken from the last page read, as a form would
 * carry it. {@link #htmx} sends what htmx sends (its header and the CSRF header).
 */
public final class ConsoleClient {

    public record Page(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        public List<String> headerValues(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        public String location() {
            return header("Location");
        }
    }

    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrf;

    public ConsoleClient(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Page get(String path) {
        return remember(send(HttpRequest.newBuilder(URI.create(base + path)).GET()));
    }

    /** A form post carrying the CSRF token of the last page read. */
    public Page post(String path, Map<String, String> form) {
        Map<String, String> withCsrf = new LinkedHashMap<>(form);
        if (csrf != null) {
            withCsrf.putIfAbsent("_csrf", csrf);
        }
        return postRaw(path, withCsrf);
    }

    /** A form post exactly as given: no CSRF token unless the form holds one. */
    public Page postRaw(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return remember(send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    /** What htmx sends: {@code HX-Request} and the CSRF header from the page's meta tag. */
    public Page htmx(String method, String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("HX-Request", "true");
        if (csrf != null) {
            request.header("X-CSRF-TOKEN", csrf);
        }
        if (method.equals("GET")) {
            request.GET();
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return send(request);
    }

    /** Signs in with an API token through the sign-in page's token form; the page it lands on. */
    public Page signInWithToken(String token) {
        get("/console/login");
        return post("/console/login/token", Map.of("token", token));
    }

    public String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("CALIBRATE_SESSION"))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    public String csrf() {
        return csrf;
    }

    private Page remember(Page page) {
        Matcher m = CSRF_META.matcher(page.body());
        if (m.find()) {
            csrf = m.group(1);
        } else {
            Matcher input = CSRF_INPUT.matcher(page.body());
            if (input.find()) {
                csrf = input.group(1);
            }
        }
        return page;
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
