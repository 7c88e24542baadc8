package dev.calibrate.app.audit.export;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The tenant's audit log with its events, for verifying offline (docs/audit.md, "Exporting and verifying offline"). */
@RestController
@Tag(name = "Audit")
@RequestMapping("/api/v1/audit")
public class AuditExportController {

    static final String JSONL = "application/jsonl";
    static final String NDJSON = "application/x-ndjson";

    private final AuditExport export;

    public AuditExportController(AuditExport export) {
        this.export = export;
    }

    @GetMapping(path = "/export", produces = {JSONL, NDJSON})
    @RequiresScope(Scope.AUDIT_READ)
    @ErrorResponses({429})
    @Operation(operationId = "exportAuditLog", summary = "Streams a range of the log with its events, to verify offline",
            description = "JSON Lines, one typed record a line: a header (origin, from, to, and the frontier: the "
                    + "hashes of the complete subtrees covering leaves [0, from)), every public key, then each leaf in "
                    + "[from, to) with its event's fields and stored payload and metadata bytes (base64), each signed "
                    + "checkpoint of a size in (from, to] right after its last leaf. By default up to the latest "
                    + "checkpoint's size, so every leaf is covered by a signature; at most "
                    + "calibrate.audit.export-max-range leaves, else a 400. Verify it with "
                    + "`java -jar calibrate.jar verify [--key <keyId>=<base64>] <file>`. One export per tenant at a "
                    + "time, and calibrate.audit.export-max-concurrent across tenants on a node: 429 past either.",
            responses = @ApiResponse(responseCode = "200", description = "The export, one JSON object a line.",
                    content = {@Content(mediaType = JSONL, schema = @Schema(type = "string")),
                            @Content(mediaType = NDJSON, schema = @Schema(type = "string"))}))
    public void export(@Parameter(description = "The first leaf index; default 0.") @RequestParam(required = false) Long from,
                       @Parameter(description = "One past the last leaf index, at most the sealed size; default the latest checkpoint's size.")
                       @RequestParam(required = false) Long to,
                       Caller caller, HttpServletRequest request, HttpServletResponse response) {
        // read here, not as a parameter: Accept is content negotiation, not an input the document lists
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        String type = accept != null && accept.contains(NDJSON) && !accept.contains(JSONL) ? NDJSON : JSONL;
        export.export(caller.tenantId(), from, to, () -> {
            response.setStatus(200);
            response.setContentType(type);
            response.setCharacterEncoding("UTF-8");
            try {
                return response.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
