package dev.calibrate.app.security.oidc;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a sign-in through the OIDC provider did not start a session, as the sign-in page says it. The code is
 * all that travels (in {@code /console/login?sso=<code>}): nothing the provider sent is echoed.
 */
public enum SingleSignOnRefusal {
    NO_EMAIL("no-email", "Your identity provider did not tell us your email address, so we cannot find your "
            + "account. Ask your admin to let the console read it."),
    UNVERIFIED_EMAIL("unverified-email", "Your identity provider has not verified your email address. Verify it "
            + "there, then sign in again."),
    UNKNOWN_PERSON("unknown-person", "There is no Calibrate account for your email address. Ask your admin to "
            + "invite you first."),
    INVITATION_EXPIRED("invitation-expired", "Your invitation has expired. Ask your admin to invite you again."),
    DISABLED("disabled", "Your Calibrate account is disabled. Ask your admin to enable it."),
    LINKED_ELSEWHERE("linked-elsewhere", "Your Calibrate account is linked to another identity at this provider. "
            + "Sign in with that one, or ask your admin."),
    CANCELLED("cancelled", "Single sign-on was cancelled at your identity provider. You are not signed in."),
    UNAVAILABLE("unavailable", "Single sign-on is not available right now. Try again later, or sign in with "
            + "your password."),
    FAILED("failed", "Single sign-on did not sign you in: the answer from your identity provider could not be "
            + "verified. Try again.");

    private final String code;
    private final String message;

    SingleSignOnRefusal(String code, String message) {
        this.code = code;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    public static Optional<SingleSignOnRefusal> ofCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }
}
