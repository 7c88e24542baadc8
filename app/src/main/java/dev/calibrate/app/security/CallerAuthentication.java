package dev.calibrate.app.security;

import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A {@link Caller} as Spring Security holds it, for a bearer request and for a console session
 * alike. It keeps plain values rather than the caller itself, so that a console session holding it
 * serialises; each scope is also a {@code SCOPE_…} authority.
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private final UUID tenantId;
    private final String actorId;
    private final String subject;
    private final Set<String> scopes;
    private final CallerKind kind;
    /** For a person's session: which of their credentials signed in; a re-invitation or disable moves it on. */
    private final int credentialGeneration;
    /** The caller made from the values above once (a request asks for it several times); not serialised. */
    private transient volatile Caller caller;

    /**
     * How the caller proved who it is, which decides how a console session re-checks it: {@code USER} with
     * their password, {@code USER_SINGLE_SIGN_ON} through the OIDC provider (and so needs no password).
     */
    public enum CallerKind { TOKEN, PLATFORM_ADMIN, USER, USER_SINGLE_SIGN_ON }

    public CallerAuthentication(Caller caller, CallerKind kind) {
        this(caller, kind, 0);
    }

    public CallerAuthentication(Caller caller, CallerKind kind, int credentialGeneration) {
        super(caller.scopes().stream().map(s -> new SimpleGrantedAuthority("SCOPE_" + s.wireName())).toList());
        this.tenantId = caller.tenantId() == null ? null : caller.tenantId().value();
        this.actorId = caller.actor().id();
        this.subject = caller.actor().subject();
        this.scopes = caller.scopes().stream().map(Scope::wireName).collect(Collectors.toUnmodifiableSet());
        this.kind = kind;
        this.credentialGeneration = credentialGeneration;
        setAuthenticated(true);
    }

    public Caller caller() {
        Caller made = caller;
        if (made == null) {
            made = new Caller(tenantId == null ? null : new TenantId(tenantId), new Actor(actorId, subject),
                    scopes.stream().map(Scope::fromWireName).collect(Collectors.toUnmodifiableSet()));
            caller = made;
        }
        return made;
    }

    public CallerKind kind() {
        return kind;
    }

    public int credentialGeneration() {
        return credentialGeneration;
    }

    /** The caller of the request being served, if Spring Security authenticated one. */
    public static Optional<Caller> current() {
        var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        return authentication instanceof CallerAuthentication c ? Optional.of(c.caller()) : Optional.empty();
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return subject != null ? subject : actorId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallerAuthentication that && super.equals(that) && actorId.equals(that.actorId)
                && kind == that.kind;
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + actorId.hashCode();
    }
}
