package dev.calibrate.app.security.token;

import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.app.security.CallerAuthentication.CallerKind;
import dev.calibrate.kernel.tenant.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who a presented token makes the caller: the platform admin, a tenant token's holder, or nobody
 * (and why, in words safe to show). The API's bearer filter and the console's token sign-in ask the
 * same question, so a token means the same thing in both.
 */
@Component
public class CallerTokens {

    /**
     * What a token proved: an authentication, or a refusal whose {@code status} is 401 for a token
     * that proves nothing and 403 for one of the wrong kind.
     */
    public record Check(CallerAuthentication authentication, HttpStatus status, String reason) {

        static Check of(CallerAuthentication authentication) {
            return new Check(authentication, HttpStatus.OK, null);
        }

        static Check refused(HttpStatus status, String reason) {
            return new Check(null, status, reason);
        }

        public boolean accepted() {
            return authentication != null;
        }
    }

    private final ApiTokens apiTokens;
    private final AdminToken adminToken;
    private final OperatorTokens operatorTokens;

    public CallerTokens(ApiTokens apiTokens, AdminToken adminToken, OperatorTokens operatorTokens) {
        this.apiTokens = apiTokens;
        this.adminToken = adminToken;
        this.operatorTokens = operatorTokens;
    }

    public Check check(String token) {
        if (adminToken.matches(token)) {
            return Check.of(new CallerAuthentication(Caller.platformAdmin(), CallerKind.PLATFORM_ADMIN));
        }
        if (operatorTokens.authenticate(token).isPresent()) {
            return Check.refused(HttpStatus.FORBIDDEN,
                    "an operator token only reads health details and metrics under /actuator");
        }
        Authentication auth = apiTokens.authenticate(token);
        if (!auth.succeeded()) {
            return Check.refused(HttpStatus.UNAUTHORIZED, auth.failure());
        }
        return Check.of(new CallerAuthentication(auth.caller(), CallerKind.TOKEN));
    }
}
