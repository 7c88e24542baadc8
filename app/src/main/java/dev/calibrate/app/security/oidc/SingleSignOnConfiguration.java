package dev.calibrate.app.security.oidc;

import dev.calibrate.app.security.people.UserAccounts;
import dev.calibrate.app.security.people.UserSettings;
import dev.calibrate.app.security.session.ConsoleSignIn;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

import java.time.Clock;

/**
 * Single sign-on's beans, only when {@code calibrate.oidc.issuer-uri} is set (an empty value is not set). The
 * client registration is not a bean, so Spring Boot's OAuth2 client auto-configuration adds nothing, with or
 * without it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SingleSignOnConfiguration.Configured.class)
public class SingleSignOnConfiguration {

    @Bean
    OidcSignIn oidcSignIn(UserAccounts accounts, CommandGateway commands, TransactionTemplate transaction) {
        return new OidcSignIn(accounts, commands, transaction);
    }

    @Bean
    ProviderCalls oidcProviderCalls(OidcSettings settings) {
        return new ProviderCalls(settings.timeout());
    }

    /** Found by type by Spring's OIDC login: the provider's keys fetched within the timeout. */
    @Bean
    JwtDecoderFactory<ClientRegistration> oidcIdTokenDecoderFactory(ProviderCalls calls) {
        return calls.idTokenDecoders();
    }

    @Bean
    ConsoleSingleSignOn consoleSingleSignOn(OidcSettings settings, UserSettings users, OidcSignIn oidcSignIn,
                                            ConsoleSignIn consoleSignIn, ProviderCalls calls, Clock clock) {
        return new ConsoleSingleSignOn(new DiscoveredRegistration(settings,
                ConsoleSingleSignOn.redirectUriTemplate(users.publicUrl()), calls, clock), oidcSignIn, consoleSignIn,
                calls.tokenResponseClient());
    }

    static final class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("calibrate.oidc.issuer-uri"));
        }
    }
}
