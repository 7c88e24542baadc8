package dev.calibrate.app.security.oidc;

import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.app.security.CallerAuthentication.CallerKind;
import dev.calibrate.app.security.people.PasswordSignIn;
import dev.calibrate.app.security.people.UserAccounts;
import dev.calibrate.app.security.people.UserAccounts.SignInRecord;
import dev.calibrate.app.web.RequestContext;
import dev.calibrate.kernel.tenant.TenantMessages.ActivateUser;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;

/**
 * Who a verified ID token is among our people. Nobody is created here: a person is invited first. Their first
 * sign-in through the provider finds them by the token's email, which the provider must have verified
 * ({@code email_verified} true; the address invited, ignoring ASCII case only), and links the provider's {@code iss}+{@code sub}
 * to them; from then on only that link finds them, so an address changed or reassigned at the provider cannot
 * hand the account to whoever holds it now. A person already linked to another identity at the same provider is
 * refused rather than relinked. A first link needs the person to have joined or to hold an open invitation;
 * a re-invitation removes the link, so the next sign-on links afresh. An email is one person on the whole platform, so it leads to one tenant.
 * The session then is a password sign-in's: the same caller, roles and re-checks, told apart only by its
 * {@link CallerKind#USER_SINGLE_SIGN_ON kind}, which needs no password.
 */
public class OidcSignIn {

    private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);
    /** As the password form: nothing longer is anyone's address. */
    private static final int MAX_EMAIL_LENGTH = 256;

    private final UserAccounts accounts;
    private final CommandGateway commands;
    private final TransactionTemplate transaction;

    public OidcSignIn(UserAccounts accounts, CommandGateway commands, TransactionTemplate transaction) {
        this.accounts = accounts;
        this.commands = commands;
        this.transaction = transaction;
    }

    /** The session's caller for the token's person, or {@link SingleSignOnRefused} saying why there is none. */
    public CallerAuthentication signIn(OidcIdToken token) {
        String issuer = token.getIssuer().toString();
        String subject = token.getSubject();
        Optional<SignInRecord> linked = accounts.byIdentity(issuer, subject);
        SignInRecord person = linked.isPresent() ? linked.get() : linkByEmail(token, issuer, subject);
        if (person.disabled()) {
            throw new SingleSignOnRefused(SingleSignOnRefusal.DISABLED);
        }
        CallerAuthentication signedIn = PasswordSignIn.authentication(person, CallerKind.USER_SINGLE_SIGN_ON);
        activateOnFirstSignIn(person, signedIn);
        return signedIn;
    }

    private SignInRecord linkByEmail(OidcIdToken token, String issuer, String subject) {
        String email = token.getEmail();
        if (email == null || email.isBlank() || email.length() > MAX_EMAIL_LENGTH) {
            throw new SingleSignOnRefused(SingleSignOnRefusal.NO_EMAIL);
        }
        if (!Boolean.TRUE.equals(token.getEmailVerified())) {
            throw new SingleSignOnRefused(SingleSignOnRefusal.UNVERIFIED_EMAIL);
        }
        // the address is looked up folded (case, width), but a provider's word links only the very address
        // the person was invited with, ignoring ASCII case: a look-alike (a Kelvin sign for a K, full-width
        // letters) is someone else's address at the provider
        SignInRecord person = accounts.byEmail(email).filter(found -> sameAddress(found.email(), email))
                .orElseThrow(() -> new SingleSignOnRefused(SingleSignOnRefusal.UNKNOWN_PERSON));
        if (person.disabled()) {
            throw new SingleSignOnRefused(SingleSignOnRefusal.DISABLED);
        }
        if (!accounts.mayLinkIdentity(person.userId())) {
            throw new SingleSignOnRefused(SingleSignOnRefusal.INVITATION_EXPIRED);
        }
        // the identity is nobody's (looked up above), so a link the person has here is to another identity
        if (accounts.hasIdentityAt(person.userId(), issuer)) {
            throw new SingleSignOnRefused(SingleSignOnRefusal.LINKED_ELSEWHERE);
        }
        if (!accounts.storeIdentityLinked(person.userId(), issuer, subject)) {
            // a sign-in racing this one (a second tab) may have linked this very identity to this very person
            return accounts.byIdentity(issuer, subject).filter(same -> same.userId().equals(person.userId()))
                    .orElseThrow(() -> new SingleSignOnRefused(SingleSignOnRefusal.LINKED_ELSEWHERE));
        }
        log.info("single sign-on: person {} of tenant {} linked to their identity at {}", person.userId().value(),
                person.tenantId().value(), issuer);
        return person;
    }

    /** Equal but for the case of ASCII letters; any other character must be the very same. */
    static boolean sameAddress(String stored, String claimed) {
        String a = stored.strip();
        String b = claimed.strip();
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (asciiLower(a.charAt(i)) != asciiLower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** A person who never set a password joins by signing in here, as setting one says (the event records it). */
    private void activateOnFirstSignIn(SignInRecord person, CallerAuthentication signedIn) {
        RequestContext.authenticated(signedIn.caller());
        transaction.executeWithoutResult(tx -> {
            if (accounts.storeActivatedBySignOn(person.userId())) {
                commands.sendAndWait(new ActivateUser(person.tenantId(), person.userId()));
            }
        });
    }
}
