package dev.calibrate.app.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import java.util.List;

/**
 * The read-only MCP server (docs/mcp.md), built with the MCP Java SDK: stateless Streamable HTTP at
 * {@value #ENDPOINT}, tools only. The endpoint is under {@code /api/}, so the API chain's bearer tokens
 * guard it like every REST endpoint; it is fixed here rather than configurable, because moved out of
 * {@code /api/} it would answer without a token.
 */
@Configuration(proxyBeanMethods = false)
class McpServerConfiguration {

    static final String ENDPOINT = "/api/v1/mcp";

    static final String INSTRUCTIONS = "Read-only tools over one tenant's pricing data: search products, a "
            + "product's price history and why its price is what it is (provenance), price anomalies, and questions to the copilot. Nothing here changes a price.";

    /**
     * The protocol's own JSON (JSON-RPC envelopes, tool definitions), lenient about fields a newer client
     * adds; not a bean, so the application's ObjectMapper stays Spring Boot's. Tool answers are written
     * with the application's mapper, exactly as the REST API writes them.
     */
    private static final ObjectMapper PROTOCOL_MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // {"question": "a", "question": "b"}: refused, as the REST API refuses it (application.yml)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .findAndAddModules()
            .build();

    private static final McpJsonMapper PROTOCOL_JSON = new JacksonMcpJsonMapper(PROTOCOL_MAPPER);

    @Bean
    CallerTransport mcpTransport(ObjectMapper mapper) {
        return new CallerTransport(PROTOCOL_MAPPER, mapper, ENDPOINT);
    }

    @Bean(destroyMethod = "close")
    McpStatelessSyncServer mcpServer(CallerTransport transport, List<ReadOnlyTool> tools, ObjectMapper mapper,
                                     @Value("${calibrate.mcp.max-concurrent-per-tenant:4}") int maxConcurrentPerTenant) {
        McpToolCalls calls = new McpToolCalls(mapper, PROTOCOL_JSON, maxConcurrentPerTenant);
        return McpServer.sync(transport)
                .serverInfo(new McpSchema.Implementation("calibrate", "Calibrate", "1.0.0"))
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools.stream().map(calls::specification).toList())
                .jsonMapper(PROTOCOL_JSON)
                .jsonSchemaValidator(new OutputSchemaValidator(mapper))
                // tools run on the request's thread, with its request context (the request id the audit log records)
                .immediateExecution(true)
                .build();
    }

    /** Routes requests to the transport once the server has given it its handler. */
    @Bean
    RouterFunction<ServerResponse> mcpRoutes(CallerTransport transport, McpStatelessSyncServer server) {
        return transport.routes();
    }
}
