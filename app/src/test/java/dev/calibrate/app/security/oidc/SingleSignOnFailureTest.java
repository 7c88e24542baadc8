package dev.calibrate.app.security.oidc;

import com.nimbusds.jose.RemoteKeySourceException;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.client.ResourceAccessException;

import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failed callbacks say "not available right now" (ours or the provider's fault: try later) rather than
 * "could not be verified" (something about the answer is wrong). The paths that are hard to bring about over
 * HTTP (the database failing, the provider's keys not answering once cached) are checked here.
 */
class SingleSignOnFailureTest {

    @Test
    void ourOwnFailureFindingThePersonIsUnavailable() {
        assertThat(ConsoleSingleSignOn.unreachable(new InternalAuthenticationServiceException(
                "single sign-on: finding the person failed", new IllegalStateException("database down")))).isTrue();
    }

    @Test
    void aRegistrationNotDiscoveredYetIsUnavailable() {
        assertThat(ConsoleSingleSignOn.unreachable(new OAuth2AuthenticationException(
                new OAuth2Error("client_registration_not_found")))).isTrue();
    }

    @Test
    void aTokenEndpointOrKeysThatDidNotAnswerInTimeAreUnavailable() {
        assertThat(ConsoleSingleSignOn.unreachable(new OAuth2AuthenticationException(
                new OAuth2Error("invalid_token_response"), new ResourceAccessException("I/O error",
                new SocketTimeoutException("Read timed out"))))).isTrue();
        assertThat(ConsoleSingleSignOn.unreachable(new OAuth2AuthenticationException(
                new OAuth2Error("invalid_id_token"), new JwtException("An error occurred",
                new RemoteKeySourceException("Couldn't retrieve remote JWK set", null))))).isTrue();
    }

    @Test
    void anAnswerThatFailsItsChecksIsNotUnavailable() {
        assertThat(ConsoleSingleSignOn.unreachable(new OAuth2AuthenticationException(
                new OAuth2Error("invalid_id_token"), new JwtException("The ID Token contains invalid claims")))).isFalse();
        assertThat(ConsoleSingleSignOn.unreachable(new OAuth2AuthenticationException(
                new OAuth2Error("authorization_request_not_found")))).isFalse();
        assertThat(ConsoleSingleSignOn.unreachable(new SingleSignOnRefused(SingleSignOnRefusal.UNKNOWN_PERSON)))
                .isFalse();
    }
}
