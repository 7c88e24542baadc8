package dev.calibrate.app.copilot.database;

import dev.calibrate.app.copilot.CopilotSettings;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;

/** The copilot role's password: the configured one, or one generated at start and kept in memory only. */
@Component
class CopilotCredentials {

    private final String password;

    CopilotCredentials(CopilotSettings settings) {
        String configured = settings.db().password();
        if (configured.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            this.password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        } else {
            this.password = configured;
        }
    }

    String password() {
        return password;
    }
}
