package dev.calibrate.app.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Wraps the SDK's handler of JSON-RPC messages so that a malformed one is a JSON-RPC error, not an
 * HTTP 500. The SDK converts a request's {@code params} before its own error handling starts, so
 * {@code tools/call} with {@code "arguments": "x"} or without a name threw through to the transport,
 * which answered 500 with the exception (stack trace included) as the body. Here any such failure is
 * an "invalid params" error with a fixed message; an {@link McpError} the SDK meant to send (an
 * unknown tool) passes as it is.
 */
final class RefusingStatelessHandler implements McpStatelessServerHandler {

    private static final Logger log = LoggerFactory.getLogger(RefusingStatelessHandler.class);

    private final McpStatelessServerHandler delegate;

    RefusingStatelessHandler(McpStatelessServerHandler delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<JSONRPCResponse> handleRequest(McpTransportContext context, McpSchema.JSONRPCRequest request) {
        return Mono.defer(() -> delegate.handleRequest(context, request)).onErrorResume(failure -> {
            JSONRPCError error = failure instanceof McpError sdk && sdk.getJsonRpcError() != null
                    ? sdk.getJsonRpcError()
                    : new JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS,
                    "the request's params do not fit method " + request.method(), null);
            log.debug("MCP request {} refused", request.method(), failure);
            return Mono.just(new JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), null, error));
        });
    }

    @Override
    public Mono<Void> handleNotification(McpTransportContext context, McpSchema.JSONRPCNotification notification) {
        return Mono.defer(() -> delegate.handleNotification(context, notification)).onErrorResume(failure -> {
            log.debug("MCP notification {} ignored", notification.method(), failure);
            return Mono.empty();
        });
    }
}
