package dev.calibrate.app.copilot;

import dev.calibrate.app.copilot.CopilotApi.CopilotAnswer;
import dev.calibrate.app.copilot.CopilotApi.CopilotQuestion;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Questions in plain language over the tenant's own data, answered read-only (docs/copilot.md). */
@RestController
@RequestMapping(path = "/api/v1/copilot", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Copilot", description = "Read-only questions in plain language over the tenant's own data.")
public class CopilotController {

    private final Copilot copilot;

    public CopilotController(Copilot copilot) {
        this.copilot = copilot;
    }

    @PostMapping(path = "/query", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.COPILOT_QUERY)
    @ErrorResponses({429})
    @Operation(operationId = "askCopilot", summary = "Ask the copilot a question",
            description = "Turns the question into one SELECT over the copilot's views of this tenant's data, checks "
                    + "it (one statement, allowed views and functions only, at most 1,000 rows and 2 MB) and runs it read-only "
                    + "as a role that sees this tenant alone. A question it cannot answer, or SQL the guard or the "
                    + "database refuses, is still a 200: refused is true, with the reason, the rule and example "
                    + "questions; a question that asks to change something is refused with the rule read-only. A "
                    + "question over 500 characters or with control characters is a 400; more than "
                    + "calibrate.copilot.questions-per-minute questions a minute per tenant (per node), or a second "
                    + "question of a tenant while one is being answered, a 429 with Retry-After.")
    public CopilotAnswer query(@RequestBody CopilotQuestion body, Caller caller) {
        return copilot.ask(caller, body.question());
    }
}
