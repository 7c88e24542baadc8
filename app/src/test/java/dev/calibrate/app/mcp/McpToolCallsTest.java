package dev.calibrate.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-tenant limit on tool calls running at once (calibrate.mcp.max-concurrent-per-tenant). */
class McpToolCallsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final SyncToolSpecification blocking = new McpToolCalls(mapper, new JacksonMcpJsonMapper(mapper), 1)
            .specification(new BlockingTool());

    @Test
    void aCallOverTheTenantsLimitIsATooManyRequestsToolErrorWhileOtherTenantsStillCall() throws Exception {
        Caller acme = caller();
        CompletableFuture<CallToolResult> first = CompletableFuture.supplyAsync(() -> call(acme));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CallToolResult second = call(acme);
        CallToolResult otherTenant = call(caller());
        release.countDown();

        assertThat(otherTenant.isError()).as("another tenant's calls are not counted").isFalse();
        assertThat(second.isError()).isTrue();
        JsonNode error = mapper.valueToTree(second.structuredContent());
        assertThat(error.get("error").asText()).isEqualTo("too-many-requests");
        assertThat(error.get("retryAfterSeconds").asLong()).isEqualTo(1);
        assertThat(first.get(10, TimeUnit.SECONDS).isError()).isFalse();
        assertThat(call(acme).isError()).as("the slot is free again once the call answered").isFalse();
    }

    @Test
    void aFailingCallFreesItsSlot() {
        SyncToolSpecification failing = new McpToolCalls(mapper, new JacksonMcpJsonMapper(mapper), 1)
                .specification(new BlockingTool() {
                    @Override
                    public Object call(Caller caller, Map<String, Object> arguments) {
                        throw new IllegalStateException("boom");
                    }
                });
        Caller acme = caller();
        McpTransportContext context = McpTransportContext.create(Map.of(McpToolCalls.CALLER, acme));

        CallToolResult first = failing.callHandler().apply(context, new CallToolRequest("blocking", Map.of()));
        CallToolResult second = failing.callHandler().apply(context, new CallToolRequest("blocking", Map.of()));

        assertThat(mapper.valueToTree(first.structuredContent()).get("error").asText()).isEqualTo("internal-error");
        assertThat(mapper.valueToTree(second.structuredContent()).get("error").asText()).isEqualTo("internal-error");
    }

    private CallToolResult call(Caller caller) {
        McpTransportContext context = McpTransportContext.create(Map.of(McpToolCalls.CALLER, caller));
        return blocking.callHandler().apply(context, new CallToolRequest("blocking", Map.of()));
    }

    private static Caller caller() {
        return new Caller(TenantId.random(), Actor.SYSTEM, Set.of(Scope.CATALOG_READ));
    }

    private class BlockingTool implements ReadOnlyTool {
        private volatile boolean blocked;

        @Override
        public String name() {
            return "blocking";
        }

        @Override
        public String title() {
            return "Blocks once";
        }

        @Override
        public String description() {
            return "Blocks its first call until released";
        }

        @Override
        public String inputSchema() {
            return "{\"type\": \"object\"}";
        }

        @Override
        public Set<Scope> scopes() {
            return Set.of(Scope.CATALOG_READ);
        }

        @Override
        public Object call(Caller caller, Map<String, Object> arguments) {
            if (!blocked) {
                blocked = true;
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Map.of("ok", true);
        }
    }
}
