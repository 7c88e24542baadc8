package dev.calibrate.app.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.copilot.CopilotApi.CopilotQuestion;
import dev.calibrate.app.copilot.CopilotController;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.schemas.SchemaRegistry;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;

/**
 * {@code ask_copilot}: {@code POST /api/v1/copilot/query}. The question is checked against the same
 * JSON Schema as the REST body ({@code CopilotQuestion}: 1 to 500 characters, no control or invisible
 * formatting characters), then asked through the same controller, so it counts against the tenant's
 * questions a minute and is recorded in the audit log as the REST question is.
 */
@Component
class AskCopilotTool implements ReadOnlyTool {

    private final CopilotController copilot;
    private final SchemaRegistry schemas;
    private final ObjectMapper mapper;

    AskCopilotTool(CopilotController copilot, SchemaRegistry schemas, ObjectMapper mapper) {
        this.copilot = copilot;
        this.schemas = schemas;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "ask_copilot";
    }

    @Override
    public String title() {
        return "Ask the copilot";
    }

    @Override
    public String description() {
        return "Answers a question in plain language over the tenant's own data (products, prices and their "
                + "history, price changes, channel sync, drifts, competitors) with the rows of one read-only SQL "
                + "statement, the statement and the views it read. A question it cannot answer is refused "
                + "(refused: true) with example questions it does answer; it never guesses. Read-only; "
                + "shares the tenant's limit of questions a minute with POST /api/v1/copilot/query.";
    }

    @Override
    public String inputSchema() {
        return """
                {"type": "object", "additionalProperties": false, "required": ["question"],
                 "properties": {
                   "question": {"type": "string", "minLength": 1, "maxLength": 500,
                                "description": "e.g. \\"Top 5 most expensive products in USD\\""}}}
                """;
    }

    /** Each question is an audit event and counts against the tenant's questions a minute. */
    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public Set<Scope> scopes() {
        return Set.of(Scope.COPILOT_QUERY);
    }

    @Override
    public Object call(Caller caller, Map<String, Object> arguments) {
        ToolArguments.of(arguments, Set.of("question"));
        // the REST body's own schema decides, so both edges refuse the same questions
        ObjectNode body = mapper.createObjectNode();
        if (arguments != null && arguments.containsKey("question")) {
            body.set("question", mapper.valueToTree(arguments.get("question")));
        }
        schemas.validate("CopilotQuestion", body);
        return copilot.query(new CopilotQuestion(body.get("question").textValue()), caller);
    }
}
