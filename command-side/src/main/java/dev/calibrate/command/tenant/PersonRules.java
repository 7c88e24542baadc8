package dev.calibrate.command.tenant;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.Role;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an invitation must hold: the same rules as the request schema {@code UserInvite}, checked again
 * here so that the console's forms, which do not pass through the schema, are held to them too.
 */
final class PersonRules {

    /** Below RFC 5321's 254: the email is the person ({@code subject}) of every event they act in, at most 200 there. */
    static final int MAX_EMAIL_LENGTH = 200;
    static final int MAX_NAME_LENGTH = 200;
    /**
     * The HTML living standard's "valid e-mail address": ASCII only, so that no look-alike letters or
     * invisible characters make one person two.
     */
    static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]"
            + "(?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private PersonRules() {
    }

    static void requireEmail(String email) {
        if (email == null || email.isBlank()) {
            throw new InvalidInput("email", "must not be blank");
        }
        if (email.length() > MAX_EMAIL_LENGTH) {
            throw new InvalidInput("email", "must be at most " + MAX_EMAIL_LENGTH + " characters");
        }
        if (!EMAIL.matcher(email).matches()) {
            throw new InvalidInput("email", "must be an email address such as alice@acme.example");
        }
    }

    static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInput("name", "must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidInput("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw new InvalidInput("name", "must not contain control or invisible formatting characters");
        }
    }

    static void requireRoles(Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new InvalidInput("roles", "must name at least one role");
        }
    }
}
