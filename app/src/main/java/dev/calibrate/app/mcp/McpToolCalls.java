package dev.calibrate.app.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.web.RequestContext;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.TenantId;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.lang.Nullable;
import org.springframework.web.ErrorResponseException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * Turns a {@link ReadOnlyTool} into the MCP server's tool: finds the caller the transport put into the
 * call's context, checks the tool's scope, calls it, and answers its record as structured content and
 * as the same JSON in text (for clients that read only text). What the REST edge answers with a problem
 * is here a tool error ({@code isError: true}) with the same type and detail, so the assistant can read
 * what to change; nothing a call holds becomes a JSON-RPC error or an HTTP 5xx.
 */
final class McpToolCalls {

    /** The key under which {@link McpServerConfiguration} puts the authenticated caller. */
    static final String CALLER = "calibrate.caller";

    private static final Logger log = LoggerFactory.getLogger(McpToolCalls.class);

    /** A refused call, shaped like the REST API's problem: a type, a detail, the field when one is named. */
    record ToolError(String error, String detail, @Nullable String field,
                     @Nullable List<InvalidInput.Violation> errors, @Nullable Long retryAfterSeconds,
                     @Nullable String requestId) {
    }

    private final ObjectMapper mapper;
    private final McpJsonMapper schemaMapper;
    private final int maxConcurrentPerTenant;
    /** Calls running per tenant: one tenant's assistant cannot hold every request thread. */
    private final Map<TenantId, Semaphore> running = new ConcurrentHashMap<>();

    McpToolCalls(ObjectMapper mapper, McpJsonMapper schemaMapper, int maxConcurrentPerTenant) {
        if (maxConcurrentPerTenant < 1) {
            throw new IllegalArgumentException("calibrate.mcp.max-concurrent-per-tenant must be at least 1");
        }
        this.mapper = mapper;
        this.schemaMapper = schemaMapper;
        this.maxConcurrentPerTenant = maxConcurrentPerTenant;
    }

    SyncToolSpecification specification(ReadOnlyTool tool) {
        McpSchema.Tool.Builder builder = McpSchema.Tool.builder()
                .name(tool.name())
                .title(tool.title())
                .description(tool.description())
                .inputSchema(schemaMapper, tool.inputSchema())
                // read-only and only the tenant's own data; idempotent unless a call leaves a trace
                .annotations(new McpSchema.ToolAnnotations(tool.title(), true, false, tool.idempotent(), false,
                        null));
        if (tool.outputSchema() != null) {
            builder.outputSchema(schemaMapper, tool.outputSchema());
        }
        McpSchema.Tool definition = builder.build();
        return new SyncToolSpecification(definition, (context, request) -> call(tool, context, request));
    }

    private CallToolResult call(ReadOnlyTool tool, McpTransportContext context, CallToolRequest request) {
        Object caller = context.get(CALLER);
        if (!(caller instanceof Caller authenticated) || authenticated.isPlatformAdmin()) {
            // the API chain lets no request through without a tenant token; this is a wiring mistake
            log.error("MCP tool {} called without a tenant caller in its context", tool.name());
            return error(new ToolError("internal-error", "the call has no authenticated tenant", null, null, null,
                    requestId()));
        }
        if (tool.scopes().stream().noneMatch(authenticated::has)) {
            String needed = tool.scopes().stream().sorted().map(s -> "'" + s.wireName() + "'")
                    .collect(Collectors.joining(" or "));
            return error(new ToolError("missing-scope", "this token lacks the scope " + needed, null, null, null,
                    requestId()));
        }
        Semaphore slots = running.computeIfAbsent(authenticated.tenantId(),
                tenant -> new Semaphore(maxConcurrentPerTenant));
        if (!slots.tryAcquire()) {
            return error(new ToolError("too-many-requests", "this tenant already has " + maxConcurrentPerTenant
                    + " tool calls running; call again when one has answered", null, null, 1L, requestId()));
        }
        try {
            return answer(tool.call(authenticated, request.arguments()));
        } catch (InvalidInput invalid) {
            return error(new ToolError("invalid-input", invalid.getMessage(), invalid.field(), invalid.violations(),
                    null, requestId()));
        } catch (Rejection rejection) {
            return error(new ToolError(type(rejection.kind()), rejection.getMessage(), null, null,
                    rejection.retryAfterSeconds().orElse(null), requestId()));
        } catch (ErrorResponseException refused) {
            // what Spring's own responses carry: a read model not caught up, an event-store read timed out
            return error(new ToolError(refused.getStatusCode().is5xxServerError() ? "unavailable" : "refused",
                    Optional.ofNullable(refused.getBody().getDetail()).orElse("the request was refused"), null, null,
                    retryAfter(refused.getHeaders()), requestId()));
        } catch (RuntimeException unexpected) {
            log.error("MCP tool {} failed for tenant {}", tool.name(), authenticated.tenantId().value(), unexpected);
            return error(new ToolError("internal-error", "the tool failed; the server's log has the request id",
                    null, null, null, requestId()));
        } finally {
            slots.release();
        }
    }

    private CallToolResult answer(Object record) {
        JsonNode json = mapper.valueToTree(record);
        return CallToolResult.builder().addTextContent(text(json)).structuredContent(json).isError(false).build();
    }

    private CallToolResult error(ToolError error) {
        JsonNode json = mapper.valueToTree(error);
        return CallToolResult.builder().addTextContent(text(json)).structuredContent(json).isError(true).build();
    }

    private String text(JsonNode json) {
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of the application's own records did not write", e);
        }
    }

    private static String type(Rejection.Kind kind) {
        return switch (kind) {
            case INVALID -> "invalid-input";
            case NOT_FOUND -> "not-found";
            case CONFLICT -> "conflict";
            case FORBIDDEN -> "forbidden";
            case OVER_BUDGET -> "over-budget";
            case TOO_MANY_REQUESTS -> "too-many-requests";
            case UNAVAILABLE -> "unavailable";
        };
    }

    @Nullable
    private static Long retryAfter(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }

    @Nullable
    private static String requestId() {
        return RequestContext.current().map(RequestContext::requestId).orElse(null);
    }
}
