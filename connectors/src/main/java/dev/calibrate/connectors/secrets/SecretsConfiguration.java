package dev.calibrate.connectors.secrets;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    /** A malformed key stops the server at start; a missing one only refuses to store connector secrets. */
    @Bean
    SecretBox secretBox(@Value("${calibrate.secrets.key:}") String key) {
        return SecretBox.fromBase64Key(key);
    }
}
