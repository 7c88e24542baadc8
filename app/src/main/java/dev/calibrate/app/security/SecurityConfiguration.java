package dev.calibrate.app.security;

import dev.calibrate.app.security.oidc.ConsoleSingleSignOn;
import dev.calibrate.app.security.session.ConsoleSessionFilter;
import dev.calibrate.app.security.session.SessionCallers;
import dev.calibrate.app.security.session.SessionCsrfTokens;
import dev.calibrate.app.security.token.BearerAuthFilter;
import dev.calibrate.app.security.token.BearerRequests;
import dev.calibrate.app.security.token.CallerTokens;
import dev.calibrate.app.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two filter chains. The API's ({@code /api/**}, {@code /admin/**}, {@code /graphql}): stateless, a bearer token on
 * every request, no session, no CSRF (nothing there reads a cookie). The console's
 * ({@code /console/**}): a session cookie after signing in (with a password, an API token or, when
 * configured, through an OIDC provider), CSRF tokens on every state-changing request, sign-out that
 * ends the session. Everything else (webhooks signed by their sender, the
 * OAuth callback, actuator with its own operator tokens, the OpenAPI document, static assets) passes
 * through neither.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    public static final String CONSOLE_LOGIN = "/console/login";

    @Bean
    @Order(1)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain apiChain(HttpSecurity http, CallerTokens callerTokens, Problems problems) throws Exception {
        return http
                .securityMatcher(apiPaths())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                // the bearer filter answers every request it does not authenticate
                .addFilterBefore(new BearerAuthFilter(callerTokens, problems), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    @Bean
    @Order(2)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain consoleChain(HttpSecurity http, SessionCallers sessionCallers,
                                     SecurityContextRepository consoleContexts,
                                     CsrfTokenRepository consoleCsrfTokens,
                                     ObjectProvider<ConsoleSingleSignOn> singleSignOn) throws Exception {
        // only when an OIDC provider is configured (calibrate.oidc.issuer-uri)
        ConsoleSingleSignOn sso = singleSignOn.getIfAvailable();
        if (sso != null) {
            sso.configure(http);
        }
        return http
                .securityMatcher(pathStartsWith("/console"))
                .securityContext(c -> c.securityContextRepository(consoleContexts))
                .csrf(c -> c.csrfTokenRepository(consoleCsrfTokens))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .addFilterBefore(new ConsoleSessionFilter(sessionCallers), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(pathStartsWith(CONSOLE_LOGIN, "/console/assets/", "/console/invitations/"))
                        .permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(new ConsoleEntryPoint(CONSOLE_LOGIN)))
                .logout(l -> l.logoutUrl("/console/logout")
                        .logoutSuccessUrl(CONSOLE_LOGIN + "?signedOut")
                        .invalidateHttpSession(true)
                        .clearAuthentication(true))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                                + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'")))
                .build();
    }

    @Bean
    SecurityContextRepository consoleContexts() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    CsrfTokenRepository consoleCsrfTokens() {
        return new SessionCsrfTokens();
    }

    /**
     * No observation of each security filter, authentication and authorization: about a dozen per request,
     * measurable CPU under load, and no metric anyone reads ({@code http_server_requests} times the whole
     * request). Settings, not {@code management.observations.enable}: that would only drop them after
     * Spring Security had built and wrapped them on every request.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's firewall, but letting {@code ;parameters} through as the container and Spring
     * MVC always have: the chains match on the normalised path ({@link #pathStartsWith}), so
     * {@code /admin;x=1/v1/tenants} is the admin API and needs the admin token, a 401 as before.
     */
    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowSemicolon(true);
        // its own rules for names and values, without a regular expression per header read
        firewall.setAllowedHeaderNames(FirewallCharacters::assignedAndNotControl);
        firewall.setAllowedHeaderValues(FirewallCharacters::headerValue);
        firewall.setAllowedParameterNames(FirewallCharacters::assignedAndNotControl);
        return firewall;
    }

    /** A request the firewall refuses (an encoded slash, a control character) is the client's error. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(Problems problems) {
        return (request, response, rejected) -> problems.write(response, HttpStatus.BAD_REQUEST, "invalid-request",
                "the request's URL or headers hold characters that are not accepted");
    }

    /** The REST API, the admin API and the GraphQL endpoint (exactly {@code /graphql}: same tokens as REST). */
    static RequestMatcher apiPaths() {
        RequestMatcher rest = pathStartsWith("/api/", "/admin/");
        return request -> rest.matches(request) || BearerRequests.pathOf(request).equals("/graphql");
    }

    /**
     * Matches on the path the container decoded and normalised ({@link BearerRequests#pathOf}), the
     * path Spring MVC routes on, so no spelling of a path reaches a controller past its chain.
     */
    static RequestMatcher pathStartsWith(String... prefixes) {
        return (HttpServletRequest request) -> {
            String path = BearerRequests.pathOf(request);
            for (String prefix : prefixes) {
                if (path.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Sends a browser to the sign-in page; an htmx request is told where to go instead of being redirected inside a fragment. */
    static final class ConsoleEntryPoint extends LoginUrlAuthenticationEntryPoint {
        ConsoleEntryPoint(String loginPage) {
            super(loginPage);
        }

        @Override
        public void commence(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                             org.springframework.security.core.AuthenticationException e)
                throws java.io.IOException, jakarta.servlet.ServletException {
            if ("true".equals(request.getHeader("HX-Request"))) {
                response.setHeader("HX-Redirect", request.getContextPath() + CONSOLE_LOGIN);
                response.setStatus(HttpStatus.UNAUTHORIZED.value());
                return;
            }
            super.commence(request, response, e);
        }
    }
}
