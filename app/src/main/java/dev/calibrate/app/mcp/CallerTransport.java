package dev.calibrate.app.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.app.web.BodySizeLimitFilter;
import dev.calibrate.app.web.Problems;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.ProtocolVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * MCP's stateless Streamable HTTP transport at one endpoint: each {@code POST} is one JSON-RPC request
 * (answered with its JSON-RPC response) or notification (202, no body); there is no session and no SSE
 * stream, so {@code GET} and {@code DELETE} are 405. Each request's context carries the caller the API
 * chain authenticated, so tools never read a thread-local.
 * <p>
 * The SDK's own transport is not used: it answered a malformed body (not JSON, a batch, a response, a
 * bare {@code null}) with its exception serialized as the body, stack trace included, or with a 500.
 * Here every message that cannot be handled is a problem document: 400, or 413 for a body over
 * {@code calibrate.web.max-body-bytes} (also when it arrives chunked). Messages are parsed with the
 * protocol's mapper, which refuses a key given twice, as the REST API does.
 */
final class CallerTransport implements McpStatelessServerTransport {

    private static final Logger log = LoggerFactory.getLogger(CallerTransport.class);

    /** The one protocol version served: 2025-03-26 allowed JSON-RPC batches, which this endpoint refuses. */
    static final List<String> PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2025_06_18);

    private final ObjectMapper protocolJson;
    private final ObjectMapper problemJson;
    private final String endpoint;
    private volatile McpStatelessServerHandler handler;
    private volatile boolean closing;

    /**
     * @param protocolJson parses and writes JSON-RPC messages
     * @param problemJson  the application's mapper, which writes problem documents as the REST API does
     */
    CallerTransport(ObjectMapper protocolJson, ObjectMapper problemJson, String endpoint) {
        this.protocolJson = protocolJson;
        this.problemJson = problemJson;
        this.endpoint = endpoint;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(endpoint, this::post)
                .GET(endpoint, request -> notAllowed())
                .DELETE(endpoint, request -> notAllowed())
                .build();
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = new RefusingStatelessHandler(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> closing = true);
    }

    @Override
    public List<String> protocolVersions() {
        return PROTOCOL_VERSIONS;
    }

    private ServerResponse post(ServerRequest request) {
        if (closing || handler == null) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "the MCP server is shutting down");
        }
        HttpHeaders headers = request.headers().asHttpHeaders();
        List<MediaType> accept;
        MediaType contentType;
        try {
            accept = headers.getAccept();
            contentType = headers.getContentType();
        } catch (InvalidMediaTypeException unreadable) {
            return invalid("the Accept or Content-Type header is not a media type");
        }
        if (!accepts(accept, MediaType.APPLICATION_JSON) || !accepts(accept, MediaType.TEXT_EVENT_STREAM)) {
            return invalid("the Accept header must name application/json and text/event-stream");
        }
        if (contentType == null || !MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
            return invalid("the body must be application/json");
        }
        JsonNode message;
        try {
            message = protocolJson.readTree(request.servletRequest().getInputStream());
        } catch (BodySizeLimitFilter.BodyTooLarge tooLarge) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "the request body is too large");
        } catch (JsonProcessingException malformed) {
            return invalid(malformed.getOriginalMessage() != null && malformed.getOriginalMessage()
                    .startsWith("Duplicate field") ? "the message names a key twice; send each key once"
                    : "the body is not JSON");
        } catch (IOException unreadable) {
            return invalid("the body could not be read");
        }
        if (message == null || message.isMissingNode()) {
            return invalid("the request needs a JSON-RPC message as its body");
        }
        if (message.isArray()) {
            return invalid("JSON-RPC batches are not accepted: send one message a request");
        }
        if (!message.isObject()) {
            return invalid("the body must be one JSON-RPC message (a JSON object)");
        }
        if (!"2.0".equals(message.path("jsonrpc").textValue())) {
            return invalid("the message must say \"jsonrpc\": \"2.0\"");
        }
        if (!message.path("method").isTextual()) {
            return invalid("the server accepts requests and notifications only: the message needs a method");
        }
        if (!message.has("id")) {
            // a notification (notifications/initialized, cancelled...): nothing here acts on one
            return ServerResponse.accepted().build();
        }
        if (message.hasNonNull("params") && !message.get("params").isObject()) {
            return invalid("the message's params must be a JSON object");
        }
        JsonNode id = message.get("id");
        if (!id.isTextual() && !id.isIntegralNumber()) {
            return invalid("the message's id must be a string or a whole number");
        }
        McpSchema.JSONRPCRequest rpc;
        try {
            rpc = protocolJson.treeToValue(message, McpSchema.JSONRPCRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException misfit) {
            return invalid("the message is not a JSON-RPC request");
        }
        return answer(request, rpc);
    }

    private ServerResponse answer(ServerRequest request, McpSchema.JSONRPCRequest rpc) {
        McpTransportContext context = CallerAuthentication.current()
                .map(caller -> McpTransportContext.create(Map.of(McpToolCalls.CALLER, caller)))
                .orElse(McpTransportContext.EMPTY);
        JSONRPCResponse response;
        try {
            response = handler.handleRequest(context, rpc)
                    .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                    .block();
        } catch (RuntimeException unexpected) {
            // RefusingStatelessHandler answers every failure it sees; this is a bug, not the client's
            log.error("MCP request {} failed", rpc.method(), unexpected);
            response = new JSONRPCResponse(McpSchema.JSONRPC_VERSION, rpc.id(), null,
                    RefusingStatelessHandler.internalError());
        }
        try {
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(protocolJson.writeValueAsString(response));
        } catch (JsonProcessingException unwritable) {
            log.error("MCP response to {} could not be written", rpc.method(), unwritable);
            return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "the answer could not be written");
        }
    }

    private static boolean accepts(List<MediaType> accept, MediaType type) {
        return accept.stream().anyMatch(a -> a.getType().equals(type.getType())
                && a.getSubtype().equals(type.getSubtype()));
    }

    private ServerResponse notAllowed() {
        return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED).allow(org.springframework.http.HttpMethod.POST)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(write(Problems.problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                        "the MCP endpoint is stateless: POST one JSON-RPC message; there is no stream or session")));
    }

    private ServerResponse invalid(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-mcp-message", detail);
    }

    private ServerResponse problem(HttpStatus status, String type, String detail) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(write(Problems.problem(status, type, detail)));
    }

    private String write(Object problem) {
        try {
            return problemJson.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ProblemDetail did not write", e);
        }
    }
}
