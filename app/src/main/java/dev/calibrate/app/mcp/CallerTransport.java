package dev.calibrate.app.mcp;

import dev.calibrate.app.security.CallerAuthentication;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.server.transport.WebMvcStatelessServerTransport;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * The SDK's stateless Streamable HTTP transport for Spring MVC (POST answers JSON, no session, no SSE
 * stream: GET is 405), with two changes: each message's context carries the caller the API chain
 * authenticated (so tools never read a thread-local), and its handler refuses malformed messages
 * with a JSON-RPC error instead of a 500 ({@link RefusingStatelessHandler}).
 */
final class CallerTransport implements McpStatelessServerTransport {

    private final WebMvcStatelessServerTransport transport;

    CallerTransport(McpJsonMapper jsonMapper, String endpoint) {
        this.transport = WebMvcStatelessServerTransport.builder()
                .jsonMapper(jsonMapper)
                .messageEndpoint(endpoint)
                .contextExtractor(request -> CallerAuthentication.current()
                        .map(caller -> McpTransportContext.create(Map.of(McpToolCalls.CALLER, caller)))
                        .orElse(McpTransportContext.EMPTY))
                .build();
    }

    RouterFunction<ServerResponse> routes() {
        return transport.getRouterFunction();
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        transport.setMcpHandler(new RefusingStatelessHandler(handler));
    }

    @Override
    public Mono<Void> closeGracefully() {
        return transport.closeGracefully();
    }

    @Override
    public List<String> protocolVersions() {
        return transport.protocolVersions();
    }
}
