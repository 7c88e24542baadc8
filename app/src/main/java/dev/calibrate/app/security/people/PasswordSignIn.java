package dev.calibrate.app.security.people;

import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.app.security.Secrets;
import dev.calibrate.app.security.CallerAuthentication.CallerKind;
import dev.calibrate.app.security.people.UserAccounts.SignInRecord;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;

/**
 * Email and password to a person's caller, or nothing. Every refusal looks the same to the caller
 * (unknown email, wrong password, no password yet, disabled, locked) and costs the same password-hash
 * check, so neither the answer nor its timing tells whether an account exists. A locked account
 * refuses the right password too, so guessing on during a lock learns nothing.
 */
@Component
public class PasswordSignIn {

    private final UserAccounts accounts;
    private final PasswordEncoder passwords;
    private final UserSettings settings;
    private final Clock clock;
    /** Checked against when there is no hash to check, so a refusal always costs one hash check. */
    private final String decoy;

    public PasswordSignIn(UserAccounts accounts, PasswordEncoder passwords, UserSettings settings, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.settings = settings;
        this.clock = clock;
        this.decoy = passwords.encode("decoy-" + Secrets.random256Bits());
    }

    public Optional<CallerAuthentication> signIn(String email, String password) {
        Optional<SignInRecord> found = accounts.byEmail(email);
        SignInRecord user = found.orElse(null);
        String hash = user == null || user.passwordHash() == null ? decoy : user.passwordHash();
        boolean matches = passwords.matches(password, hash) && hash != decoy;
        if (user == null || user.disabled() || user.passwordHash() == null) {
            return Optional.empty();
        }
        if (!accounts.takeSignInAttempt(user.userId(), settings.maxFailedSignIns(), settings.lockout()) || !matches) {
            return Optional.empty();
        }
        accounts.recordSignedIn(user.userId());
        return Optional.of(authentication(user));
    }

    /** The caller a person's session acts as: {@code user:<id>}, their email naming the person, their roles' scopes. */
    public static CallerAuthentication authentication(SignInRecord user) {
        return authentication(user, CallerKind.USER);
    }

    /** The same caller, however the person proved who they are ({@code kind}: a password or single sign-on). */
    public static CallerAuthentication authentication(SignInRecord user, CallerKind kind) {
        return new CallerAuthentication(new Caller(user.tenantId(), user.userId().actor(user.email()),
                Role.scopesOf(user.roles())), kind, user.generation());
    }

    @Configuration(proxyBeanMethods = false)
    static class Passwords {
        /** bcrypt today, stored as {@code {bcrypt}…}, so a later default can take over without a migration. */
        @Bean
        PasswordEncoder passwordEncoder() {
            return PasswordEncoderFactories.createDelegatingPasswordEncoder();
        }
    }
}
