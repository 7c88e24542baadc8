package dev.calibrate.app.openapi;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What every operation states beyond its controller method: who may call it (security requirements
 * from {@link RequiresScope} and the path), the problems it may answer, and its example. Written from
 * the annotations, so a new endpoint is described by following the conventions in {@code docs/api.md}.
 */
@Component
class OperationRules {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private static final Map<Integer, String> PROBLEMS = Map.ofEntries(
            Map.entry(400, "Invalid input: a parameter or the body breaks its rules; `field` and `errors` name what"),
            Map.entry(401, "No token, or one that is malformed, unknown, expired or revoked"),
            Map.entry(403, "The token lacks the scope the operation needs, or is the wrong kind of token for this API"),
            Map.entry(404, "Nothing with this id exists for the caller (another tenant's resources are not found either)"),
            Map.entry(409, "Conflicts with the current state of the resource (`state` names it) or with another one"),
            Map.entry(413, "The body is larger than the server accepts"),
            Map.entry(422, "Valid, but costs more than one request may"),
            Map.entry(429, "Too many requests: the caller's or the tenant's rate limit is spent (the RateLimit "
                    + "header says which), or this tenant has as many requests at once or as much work in flight as it "
                    + "may; retry after the "
                    + "Retry-After header's seconds"),
            Map.entry(502, "The channel (Shopify, Amazon) failed or refused the call"),
            Map.entry(503, "Not available yet (a read model behind the position asked for, or a dependency down); retry"));

    /** What a 429 says besides its problem (docs/operations.md#rate-limits). */
    private static final Map<String, Header> RATE_LIMIT_HEADERS = new TreeMap<>(Map.of(
            "Retry-After", header("Seconds to wait before sending the request again"),
            "RateLimit", header("The caller's bucket and, for a tenant's caller, the tenant's, for this class "
                    + "of endpoint (draft-ietf-httpapi-ratelimit-headers-10): \"caller-read\";r=<remaining>;"
                    + "t=<seconds>, \"tenant-read\";r=…;t=…; sent with every authenticated answer, 2xx too"),
            "RateLimit-Policy", header("The buckets' sizes and the seconds an empty one takes to fill: "
                    + "\"caller-read\";q=200;w=4, \"tenant-read\";q=1000;w=5")));

    /** How the endpoints outside the token-authenticated APIs are authenticated, by path. */
    private static final Map<String, String> PUBLIC_AUTHENTICATION = Map.of(
            "/webhooks/shopify", "Public: Shopify calls it without a token. The X-Shopify-Hmac-Sha256 header "
                    + "(an HMAC-SHA256 of the raw body, keyed with the app's client secret) authenticates "
                    + "a delivery, for a shop that is connected.",
            "/connectors/shopify/", "Public: the merchant's browser arrives here from Shopify, without a token. "
                    + "Shopify's hmac query parameter (an HMAC-SHA256 of the query, keyed with the app's client "
                    + "secret) authenticates the request, and the callback's single-use state ties it to the install.");

    private final ApiHandlers handlers;
    private final ApiExamples examples;

    OperationRules(ApiHandlers handlers, ApiExamples examples) {
        this.handlers = handlers;
        this.examples = examples;
    }

    void customise(OpenAPI api) {
        Map<String, HandlerMethod> byOperation = handlers.operations();
        if (api.getPaths() != null) {
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                HandlerMethod handler = byOperation.get(ApiHandlers.key(method.name(), path));
                boolean secured = secure(path, operation, handler);
                describeProblems(operation, handler, secured, method != PathItem.HttpMethod.GET);
                examples.attach(operation);
            }));
        }
        if (api.getTags() != null) {
            api.getTags().sort(Comparator.comparing(Tag::getName));
        }
    }

    private static Header header(String description) {
        return new Header().description(description).schema(new Schema<>().types(Set.of("string")));
    }

    /** Sets the operation's security requirements; false for a public endpoint. */
    private static boolean secure(String path, Operation operation, HandlerMethod handler) {
        if (path.startsWith("/admin/")) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(OpenApiConfiguration.ADMIN_TOKEN)));
            return true;
        }
        if (path.startsWith("/api/")) {
            RequiresScope required = handler == null ? null : handler.getMethodAnnotation(RequiresScope.class);
            // one requirement per scope: the requirements are alternatives, and any one scope suffices
            operation.setSecurity(required == null
                    ? List.of(new SecurityRequirement().addList(OpenApiConfiguration.TENANT_TOKEN, List.of()))
                    : Arrays.stream(required.value()).map(Scope::wireName)
                    .map(scope -> new SecurityRequirement().addList(OpenApiConfiguration.TENANT_TOKEN, scope))
                    .toList());
            return true;
        }
        operation.setSecurity(null);
        PUBLIC_AUTHENTICATION.entrySet().stream().filter(e -> path.startsWith(e.getKey())).findFirst()
                .ifPresent(e -> operation.setDescription(operation.getDescription() == null ? e.getValue()
                        : operation.getDescription() + "\n\n" + e.getValue()));
        return false;
    }

    /** A 415 names the content types the operation reads (application/json for most, text/csv for an import). */
    private static String unsupported(Operation operation) {
        var content = operation.getRequestBody().getContent();
        return "The body is not " + (content == null || content.isEmpty() ? "application/json"
                : String.join(" or ", content.keySet()));
    }

    /**
     * Replaces the error responses springdoc guessed from the exception handlers with the problems the
     * operation can answer: those its shape implies and those its {@link ErrorResponses} names. A request
     * that changes something can lose a race with another one on the same aggregate: a 409 to retry.
     */
    private static void describeProblems(Operation operation, HandlerMethod handler, boolean secured,
                                         boolean changes) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.keySet().removeIf(code -> !(code.startsWith("2") || code.startsWith("3")));
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean hasBody = operation.getRequestBody() != null;
        Set<Integer> statuses = new TreeSet<>();
        if (hasBody || !parameters.isEmpty()) statuses.add(400);
        // every authenticated request spends a permit of its caller's and its tenant's rate limits
        if (secured) statuses.addAll(List.of(401, 403, 429));
        if (parameters.stream().anyMatch(p -> "path".equals(p.getIn()))) statuses.add(404);
        if (hasBody) statuses.addAll(List.of(413, 415));
        if (changes) statuses.add(409);
        ErrorResponses declared = handler == null ? null : handler.getMethodAnnotation(ErrorResponses.class);
        if (declared != null) Arrays.stream(declared.value()).forEach(statuses::add);
        for (int status : statuses) {
            String description = status == 415 ? unsupported(operation)
                    : PROBLEMS.getOrDefault(status, HttpStatus.valueOf(status).getReasonPhrase());
            ApiResponse response = new ApiResponse()
                    .description(description)
                    .content(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
            if (status == 429) {
                response.headers(RATE_LIMIT_HEADERS);
            }
            responses.addApiResponse(Integer.toString(status), response);
        }
        operation.setResponses(responses);
    }
}
