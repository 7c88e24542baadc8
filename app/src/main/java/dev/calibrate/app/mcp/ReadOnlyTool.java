package dev.calibrate.app.mcp;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;

import java.util.Map;
import java.util.Set;

/**
 * One tool of the MCP server. It reads, never writes, and answers what the REST endpoint it mirrors
 * answers, through the same controller or service, for the caller's tenant. {@link McpToolCalls}
 * checks the scope before {@link #call} and turns what it returns or throws into the tool's result.
 */
interface ReadOnlyTool {

    String name();

    String title();

    String description();

    /** The input's JSON Schema (draft 2020-12), as the client shows it to the assistant. */
    String inputSchema();

    /**
     * The JSON Schema (draft 2020-12) of a successful answer's structured content, or null for none; a
     * client may check every answer against it (a refusal is a tool error, which it does not describe).
     */
    default String outputSchema() {
        return null;
    }

    /** The caller needs one of these, as on the REST endpoint. */
    Set<Scope> scopes();

    /**
     * Whether calling it again with the same arguments has no further effect (MCP's idempotentHint):
     * true for a plain read; false for a tool whose call is recorded or counted.
     */
    default boolean idempotent() {
        return true;
    }

    /** The answer: a record the REST API also answers (or one wrapping its records), written as JSON. */
    Object call(Caller caller, Map<String, Object> arguments);
}
