package dev.calibrate.app.security.oidc;

import dev.calibrate.app.security.SecurityConfiguration;
import dev.calibrate.app.security.session.ConsoleSignIn;
import com.nimbusds.jose.RemoteKeySourceException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.client.ResourceAccessException;

import java.io.IOException;

/**
 * Sign-in to the console through the OIDC provider, added to the console's filter chain when it is configured.
 * {@code GET /console/login/oauth2/authorization/oidc} sends the browser to the provider (authorization code with
 * state, nonce and PKCE, all Spring Security's); the provider sends it back to
 * {@code /console/login/oauth2/code/oidc}, where the code is exchanged and the ID token checked (signature,
 * issuer, audience, expiry, nonce). {@link OidcSignIn} then finds the person, and the session starts exactly as a
 * password sign-in's does ({@link ConsoleSignIn}). Every refusal and failure, ours or Spring's, ends on the
 * sign-in page with a message, never on an error page.
 */
public final class ConsoleSingleSignOn {

    public static final String AUTHORIZATION_BASE = SecurityConfiguration.CONSOLE_LOGIN + "/oauth2/authorization";
    public static final String CALLBACK_BASE = SecurityConfiguration.CONSOLE_LOGIN + "/oauth2/code";
    /** Where the sign-in page's button goes. */
    public static final String START = AUTHORIZATION_BASE + "/" + DiscoveredRegistration.REGISTRATION_ID;

    /** Spring's code when the callback names a registration the repository does not have (not discovered). */
    private static final String CLIENT_REGISTRATION_NOT_FOUND = "client_registration_not_found";

    private static final Logger log = LoggerFactory.getLogger(ConsoleSingleSignOn.class);

    private final ClientRegistrationRepository registrations;
    private final OidcSignIn oidcSignIn;
    private final ConsoleSignIn consoleSignIn;
    private final OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokenEndpoint;

    ConsoleSingleSignOn(ClientRegistrationRepository registrations, OidcSignIn oidcSignIn,
                        ConsoleSignIn consoleSignIn,
                        OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokenEndpoint) {
        this.registrations = registrations;
        this.oidcSignIn = oidcSignIn;
        this.consoleSignIn = consoleSignIn;
        this.tokenEndpoint = tokenEndpoint;
    }

    /** The redirect URI to register at the provider: under {@code /console}, so the console's chain answers it. */
    static String redirectUriTemplate(String publicUrl) {
        String base = publicUrl == null ? "" : publicUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return (base.isEmpty() ? "{baseUrl}" : base) + CALLBACK_BASE + "/{registrationId}";
    }

    public void configure(HttpSecurity http) throws Exception {
        http.oauth2Login(login -> login
                .clientRegistrationRepository(registrations)
                // the provider's tokens are not kept past the sign-in: they go with the session it replaces
                .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                .loginPage(SecurityConfiguration.CONSOLE_LOGIN)
                .loginProcessingUrl(CALLBACK_BASE + "/*")
                .authorizationEndpoint(a -> a.baseUri(AUTHORIZATION_BASE))
                .redirectionEndpoint(r -> r.baseUri(CALLBACK_BASE + "/*"))
                .tokenEndpoint(t -> t.accessTokenResponseClient(tokenEndpoint))
                .userInfoEndpoint(u -> u.oidcUserService(this::person))
                .successHandler(this::signedIn)
                .failureHandler(this::refused)
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        // the provider could not be discovered (or a registration id nobody has): not a 500
                        filter.setAuthenticationFailureHandler((request, response, e) ->
                                toSignInPage(request, response, SingleSignOnRefusal.UNAVAILABLE));
                        return filter;
                    }
                }));
    }

    /** Only the ID token is read (signed, checked); the provider's userinfo endpoint is never asked. */
    private OidcUser person(OidcUserRequest request) {
        try {
            return new SignedInPerson(request.getIdToken(), oidcSignIn.signIn(request.getIdToken()));
        } catch (OAuth2AuthenticationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InternalAuthenticationServiceException("single sign-on: finding the person failed", e);
        }
    }

    private void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        if (!(authentication.getPrincipal() instanceof SignedInPerson person)) {
            refused(request, response, new InternalAuthenticationServiceException("not a person: "
                    + authentication.getClass().getSimpleName()));
            return;
        }
        consoleSignIn.signIn(person.signedIn(), request, response);
        response.sendRedirect(request.getContextPath() + "/console");
    }

    private void refused(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        SingleSignOnRefusal refusal;
        if (e instanceof SingleSignOnRefused ours) {
            refusal = ours.refusal();
            log.info("single sign-on refused: {}", refusal.code());
        } else if (e instanceof OAuth2AuthenticationException oauth
                && OAuth2ErrorCodes.ACCESS_DENIED.equals(oauth.getError().getErrorCode())) {
            refusal = SingleSignOnRefusal.CANCELLED;
        } else if (unreachable(e)) {
            // the provider did not answer in time (the token endpoint, its keys), or we failed ourselves (the
            // database, a command): nothing wrong with what the person brought, so "try later", not "forged"
            refusal = SingleSignOnRefusal.UNAVAILABLE;
            log.warn("single sign-on unavailable: {}", e.toString(), e.getCause());
        } else if (e instanceof OAuth2AuthenticationException oauth) {
            refusal = SingleSignOnRefusal.FAILED;
            // codes and descriptions name what failed (a claim, the signature), never a token or secret
            log.warn("single sign-on failed: {} ({})", oauth.getError().getErrorCode(),
                    oauth.getError().getDescription());
        } else {
            refusal = SingleSignOnRefusal.FAILED;
            log.warn("single sign-on failed", e);
        }
        // a session signed in before stays as it was: a forged callback must not sign anyone out
        SecurityContextHolder.clearContext();
        toSignInPage(request, response, refusal);
    }

    /**
     * Whether the sign-in failed on our side or the provider's rather than on what the browser brought: our
     * own failure finding the person, the registration not discovered (yet), or a call to the provider that
     * could not be made or timed out.
     */
    static boolean unreachable(AuthenticationException e) {
        if (e instanceof InternalAuthenticationServiceException) {
            return true;
        }
        if (e instanceof OAuth2AuthenticationException oauth
                && CLIENT_REGISTRATION_NOT_FOUND.equals(oauth.getError().getErrorCode())) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ResourceAccessException || cause instanceof IOException
                    || cause instanceof RemoteKeySourceException) {
                return true;
            }
        }
        return false;
    }

    private static void toSignInPage(HttpServletRequest request, HttpServletResponse response,
                                     SingleSignOnRefusal refusal) throws IOException {
        response.sendRedirect(request.getContextPath() + SecurityConfiguration.CONSOLE_LOGIN + "?sso="
                + refusal.code());
    }
}
