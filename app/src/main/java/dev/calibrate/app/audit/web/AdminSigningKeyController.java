package dev.calibrate.app.audit.web;

import dev.calibrate.app.audit.keys.SigningKey;
import dev.calibrate.app.audit.keys.SigningKeys;
import dev.calibrate.app.audit.web.AuditLogApi.PublicKeyView;
import dev.calibrate.kernel.error.ErrorResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Base64;

/**
 * The platform admin rotates the generated checkpoint signing key (docs/audit.md, "Keys"). A key from
 * {@code CALIBRATE_SIGNING_KEY} is rotated by changing the setting instead: asked here, 409.
 */
@RestController
@RequestMapping(path = "/admin/v1/audit/signing-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admin: audit signing keys", description = "The key that signs every tenant's checkpoints (admin token).")
public class AdminSigningKeyController {

    private final SigningKeys keys;

    public AdminSigningKeyController(SigningKeys keys) {
        this.keys = keys;
    }

    @PostMapping("/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    @ErrorResponses({409, 503})
    @Operation(operationId = "rotateAuditSigningKey", summary = "Retire the signing key and generate the next",
            description = "Every node signs with the new key from its next checkpoint; the retired key stays listed "
                    + "(GET /api/v1/audit/public-keys) so old checkpoints keep verifying. 409 when the key comes from "
                    + "CALIBRATE_SIGNING_KEY (change the setting instead); 503 without CALIBRATE_SECRETS_KEY, "
                    + "which seals a generated key.")
    public PublicKeyView rotate() {
        SigningKey next = keys.rotate();
        return new PublicKeyView(next.keyId(), next.name(), "Ed25519", Base64.getEncoder().encodeToString(next.publicKey()),
                next.createdAt(), next.retiredAt());
    }
}
