package dev.calibrate.app.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.Set;

/**
 * Wraps the SDK's handler of JSON-RPC requests so that no error message carries exception text:
 * <ul>
 *   <li>a method the server does not serve is {@code -32601 Method not found}, before the SDK sees it
 *       (the SDK would answer with the method's name in its message);</li>
 *   <li>the SDK converts a request's {@code params} before its own error handling starts, so
 *       {@code tools/call} with {@code "arguments": "x"} threw through; such a failure is
 *       {@code -32602} with a fixed message;</li>
 *   <li>the SDK answers an exception inside a method with {@code -32603} and the exception's message
 *       ({@code initialize} without params: a NullPointerException's); every {@code -32603} gets a fixed
 *       message, the original is logged at WARN, and for {@code initialize}, whose only failure is its
 *       params, the code is {@code -32602}.</li>
 * </ul>
 * An {@link McpError} the SDK meant to send (an unknown tool) passes as it is.
 */
final class RefusingStatelessHandler implements McpStatelessServerHandler {

    private static final Logger log = LoggerFactory.getLogger(RefusingStatelessHandler.class);

    /** What the server registers with tools as its one capability (McpStatelessAsyncServer). */
    static final Set<String> METHODS = Set.of(McpSchema.METHOD_INITIALIZE, McpSchema.METHOD_PING,
            McpSchema.METHOD_TOOLS_LIST, McpSchema.METHOD_TOOLS_CALL);

    static final String METHOD_NOT_FOUND = "Method not found";
    static final String INTERNAL_ERROR = "Internal error; the server's log has the request id";

    private final McpStatelessServerHandler delegate;

    RefusingStatelessHandler(McpStatelessServerHandler delegate) {
        this.delegate = delegate;
    }

    static JSONRPCError internalError() {
        return new JSONRPCError(ErrorCodes.INTERNAL_ERROR, INTERNAL_ERROR, null);
    }

    @Override
    public Mono<JSONRPCResponse> handleRequest(McpTransportContext context, McpSchema.JSONRPCRequest request) {
        if (!METHODS.contains(request.method())) {
            return Mono.just(refusal(request, new JSONRPCError(ErrorCodes.METHOD_NOT_FOUND, METHOD_NOT_FOUND, null)));
        }
        return Mono.defer(() -> delegate.handleRequest(context, request))
                .map(response -> withoutExceptionText(request, response))
                .onErrorResume(failure -> {
                    log.debug("MCP request {} refused", request.method(), failure);
                    JSONRPCError error = failure instanceof McpError sdk && sdk.getJsonRpcError() != null
                            && sdk.getJsonRpcError().code() != ErrorCodes.INTERNAL_ERROR
                            ? sdk.getJsonRpcError()
                            : invalidParams(request);
                    return Mono.just(refusal(request, error));
                });
    }

    @Override
    public Mono<Void> handleNotification(McpTransportContext context, McpSchema.JSONRPCNotification notification) {
        // CallerTransport answers notifications itself (202); the server registers no handler for any
        return Mono.empty();
    }

    private static JSONRPCResponse withoutExceptionText(McpSchema.JSONRPCRequest request, JSONRPCResponse response) {
        if (response == null || response.error() == null || response.error().code() != ErrorCodes.INTERNAL_ERROR) {
            return response;
        }
        log.warn("MCP request {} failed: {}", request.method(), response.error().message());
        return refusal(request, McpSchema.METHOD_INITIALIZE.equals(request.method())
                ? invalidParams(request) : internalError());
    }

    private static JSONRPCError invalidParams(McpSchema.JSONRPCRequest request) {
        return new JSONRPCError(ErrorCodes.INVALID_PARAMS, McpSchema.METHOD_INITIALIZE.equals(request.method())
                ? "initialize needs params with a protocolVersion string, capabilities and clientInfo"
                : "the request's params do not fit method " + request.method(), null);
    }

    private static JSONRPCResponse refusal(McpSchema.JSONRPCRequest request, JSONRPCError error) {
        return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), null, error);
    }
}
