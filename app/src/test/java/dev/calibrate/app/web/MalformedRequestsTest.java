package dev.calibrate.app.web;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client input never causes a 5xx: every endpoint Spring MVC knows (read from its handler mapping, so a
 * new endpoint is covered without touching this test) is sent malformed ids, malformed parameters and
 * malformed bodies, and answers each with a status below 500 and, when it refuses, a problem document.
 */
class MalformedRequestsTest extends IntegrationTest {

    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}:/]+)(:[^}]*)?}");

    /** Already percent-encoded as they go on the wire. */
    private static final List<String> MALFORMED_IDS = List.of("not-a-uuid", "", "x".repeat(2000), "%00",
            "%E2%98%83", "%F0%9F%92%A9", "%FF%FE", "12345678-1234-1234-1234-1234567890123", "..", "-1",
            "00000000-0000-0000-0000-000000000000");

    private static final List<String> MALFORMED_PARAMS = List.of("-1", "abc", "0", "100000", "2147483648",
            "99999999999999999999", "", "%00", "not-a-date", "2026-13-45T25:61:00Z", "BOGUS", "XXX", "usd",
            "%E2%98%83", "x".repeat(2000));

    private static final List<String> MALFORMED_HEADERS = List.of("soon", "-1", "1.5", "99999999999999999999");

    /** Headers the HTTP client computes itself and will not let a caller set. */
    private static final Set<String> HEADERS_THE_CLIENT_SETS = Set.of("content-length", "host", "connection",
            "expect", "upgrade");

    private static final String DEEP_ARRAY = "[".repeat(1000) + "]".repeat(1000);
    private static final String DEEP_OBJECT = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
    private static final String DEEP_RULE = "{\"name\": \"Deep\", \"rule\": {\"selector\": "
            + "{\"all\": [".repeat(900) + "{\"field\": \"sku\", \"op\": \"eq\", \"value\": \"A\"}" + "]}".repeat(900)
            + ", \"transform\": [{\"op\": \"percent\", \"value\": -10}], \"currency\": \"USD\"}}";
    private static final String WRONG_TYPES = """
            {"name": 1, "sku": 2, "title": {}, "vendor": [], "tags": "summer", "prices": "cheap",
             "rule": [], "scopes": "admin", "items": 1, "observations": "many", "domain": [],
             "previewHash": 5, "reason": true, "defaultCurrency": 9, "expiresAt": "soon", "shop": 7,
             "accessToken": [], "sellerId": {}, "selfApproval": "yes", "guardrails": 3}""";
    private static final String HUGE_NUMBERS = """
            {"sku": "HUGE-1", "title": "Huge", "name": "Huge", "domain": "huge.example",
             "prices": [{"currency": "USD", "amount": 1e400, "compareAt": 123456789012345678901234567890.123}],
             "cost": {"currency": "USD", "amount": 99999999999999999999999999999999999999},
             "observations": [{"sku": "HUGE-1", "price": 1e999, "currency": "USD", "observedAt": "2026-11-01T00:00:00Z"}],
             "rule": {"selector": {"field": "price", "op": "between", "value": [1e308, 1e400]},
                      "transform": [{"op": "percent", "value": 1e400}], "currency": "USD"},
             "maxDecreasePercent": 1e400, "floor": {"currency": "USD", "amount": 1e400}}""";
    private static final String UNKNOWN_CODES = """
            {"sku": "CUR-1", "title": "Currency", "name": "Currency", "domain": "cur.example",
             "defaultCurrency": "XXX", "prices": [{"currency": "QQQ", "amount": "1.00"}],
             "rule": {"selector": {"field": "sku", "op": "eq", "value": "A"},
                      "transform": [{"op": "percent", "value": -10}], "currency": "ZZZ"},
             "scopes": ["root"], "expiresAt": "2026-02-30T00:00:00Z"}""";

    private record Body(String description, String content, String contentType) {
    }

    private static final List<Body> MALFORMED_BODIES = List.of(
            new Body("not JSON", "{oops", "application/json"),
            new Body("an array", "[1, 2, 3]", "application/json"),
            new Body("a string", "\"text\"", "application/json"),
            new Body("a number", "42", "application/json"),
            new Body("null", "null", "application/json"),
            new Body("an empty object", "{}", "application/json"),
            new Body("wrong types", WRONG_TYPES, "application/json"),
            new Body("huge numbers", HUGE_NUMBERS, "application/json"),
            new Body("unknown codes and dates", UNKNOWN_CODES, "application/json"),
            new Body("arrays nested 1000 deep", DEEP_ARRAY, "application/json"),
            new Body("objects nested 1000 deep", DEEP_OBJECT, "application/json"),
            new Body("a selector nested 900 deep", DEEP_RULE, "application/json"),
            new Body("empty", null, "application/json"),
            new Body("plain text", "hello", "text/plain"),
            new Body("a form", "sku=A&title=B", "application/x-www-form-urlencoded"),
            new Body("bytes", "{\"sku\": \"A\"}", "application/octet-stream"));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @TestFactory
    Stream<DynamicTest> noEndpointAnswers5xxToMalformedInput() {
        Api.TenantToken tenant = api.newTenant("Malformed");
        // console pages are probed in a signed-in session (the platform admin's for its screens), with its CSRF header
        ConsoleSession tenantSession = ConsoleSession.signIn(port, tenant.token());
        ConsoleSession adminSession = ConsoleSession.signIn(port, ADMIN_TOKEN);
        List<DynamicTest> tests = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : info.getPatternValues()) {
                for (String method : methods(info)) {
                    ConsoleSession session = !pattern.startsWith("/console") ? null
                            : pattern.startsWith("/console/admin") ? adminSession : tenantSession;
                    tests.add(DynamicTest.dynamicTest(method + " " + pattern,
                            () -> assertNo5xx(tenant, session, method, pattern, handler)));
                }
            }
        });
        assertThat(tests).as("the endpoints found in the handler mapping").hasSizeGreaterThan(40);
        return tests.stream();
    }

    /** A console session's cookie and CSRF token, sent as a browser's htmx would send them. */
    private record ConsoleSession(String cookie, String csrf) {
        static ConsoleSession signIn(int port, String token) {
            ConsoleClient browser = new ConsoleClient(port);
            browser.signInWithToken(token);
            browser.get("/console");
            return new ConsoleSession("CALIBRATE_SESSION=" + browser.sessionCookie(), browser.csrf());
        }

        String[] with(String[] headers) {
            String[] all = java.util.Arrays.copyOf(headers, headers.length + 4);
            all[headers.length] = "Cookie";
            all[headers.length + 1] = cookie;
            all[headers.length + 2] = "X-CSRF-TOKEN";
            all[headers.length + 3] = csrf;
            return all;
        }
    }

    private void assertNo5xx(Api.TenantToken tenant, ConsoleSession session, String method, String pattern,
                             HandlerMethod handler) {
        String token = session != null ? null : pattern.startsWith("/admin/") ? ADMIN_TOKEN : tenant.token();
        List<String> failures = new ArrayList<>();
        Probe probe = (description, path, body, givenHeaders) -> {
            String[] headers = session == null ? givenHeaders : session.with(givenHeaders);
            Api.Response response = body == null
                    ? api.probe(method, path, token, null, headers)
                    : api.probe(method, path, token, body.content() == null ? null : body.content(),
                    withContentType(headers, body.contentType()));
            check(description + " at " + abbreviated(path), response, session != null, failures);
        };

        String wellFormed = fill(pattern, Map.of());
        probe.send("nothing malformed", wellFormed, null);
        for (String variable : variables(pattern)) {
            for (String id : MALFORMED_IDS) {
                probe.send("id " + variable + "=" + abbreviated(id), fill(pattern, Map.of(variable, id)), null);
            }
        }
        for (String parameter : parameters(handler)) {
            for (String value : MALFORMED_PARAMS) {
                probe.send("parameter " + parameter + "=" + abbreviated(value),
                        wellFormed + (wellFormed.contains("?") ? "&" : "?") + parameter + "=" + value, null);
            }
        }
        for (String header : headers(handler)) {
            if (HEADERS_THE_CLIENT_SETS.contains(header.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            for (String value : MALFORMED_HEADERS) {
                probe.send("header " + header + ": " + value, wellFormed, null, header, value);
            }
        }
        if (Set.of("POST", "PUT", "PATCH").contains(method)) {
            for (Body body : MALFORMED_BODIES) {
                probe.send("body " + body.description(), wellFormed, body);
            }
        }
        assertThat(failures).as("answers to malformed input of %s %s", method, pattern).isEmpty();
    }

    @FunctionalInterface
    private interface Probe {
        void send(String description, String path, Body body, String... headers);
    }

    /** No 5xx anywhere; an API's 4xx is a problem document, a console page's may be a page. */
    private static void check(String description, Api.Response response, boolean consolePage, List<String> failures) {
        if (response.status() >= 500) {
            failures.add(description + ": " + response.status() + " " + abbreviated(response.body()));
        } else if (!consolePage && response.status() >= 400 && (response.contentType() == null
                || !response.contentType().startsWith("application/problem+json"))) {
            failures.add(description + ": " + response.status() + " is not a problem document but "
                    + response.contentType() + " " + abbreviated(response.body()));
        }
    }

    /** Every variable a random UUID (a well-formed id nobody has) unless given. */
    private static String fill(String pattern, Map<String, String> values) {
        Matcher m = PATH_VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = values.getOrDefault(m.group(1), UUID.randomUUID().toString());
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        m.appendTail(path);
        return path.toString();
    }

    private static List<String> variables(String pattern) {
        List<String> names = new ArrayList<>();
        Matcher m = PATH_VARIABLE.matcher(pattern);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<String> methods(RequestMappingInfo info) {
        Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
        return declared.isEmpty() ? List.of("GET", "POST")
                : declared.stream().map(RequestMethod::name).sorted().toList();
    }

    private static List<String> parameters(HandlerMethod handler) {
        List<String> names = new ArrayList<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                names.add(param.name().isEmpty() ? nameOf(parameter) : param.name());
            }
        }
        return names;
    }

    private static List<String> headers(HandlerMethod handler) {
        List<String> names = new ArrayList<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
            if (header != null) {
                names.add(header.name().isEmpty() ? nameOf(parameter) : header.name());
            }
        }
        return names;
    }

    private static String nameOf(MethodParameter parameter) {
        parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
        return parameter.getParameterName();
    }

    private static String[] withContentType(String[] headers, String contentType) {
        if (contentType == null) {
            return headers;
        }
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Content-Type";
        all[headers.length + 1] = contentType;
        return all;
    }

    private static String abbreviated(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
