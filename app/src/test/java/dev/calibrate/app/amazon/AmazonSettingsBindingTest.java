package dev.calibrate.app.amazon;

import dev.calibrate.connectors.amazon.AmazonRegion;
import dev.calibrate.connectors.amazon.AmazonSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented environment variables reach {@code calibrate.amazon.*} through application.yml. */
class AmazonSettingsBindingTest {

    @Test
    void withoutTheVariablesAmazonItselfIsCalledAndTheRegionPicksTheEndpoint() throws IOException {
        AmazonSettings settings = bind(Map.of());

        assertThat(settings.lwaUrl()).isEqualTo("https://api.amazon.com/auth/o2/token");
        assertThat(settings.spApiBase(AmazonRegion.NA)).isEqualTo("https://sellingpartnerapi-na.amazon.com");
        assertThat(settings.spApiBase(AmazonRegion.EU)).isEqualTo("https://sellingpartnerapi-eu.amazon.com");
        assertThat(settings.spApiBase(AmazonRegion.FE)).isEqualTo("https://sellingpartnerapi-fe.amazon.com");
    }

    @Test
    void theVariablesPointTheConnectorElsewhere() throws IOException {
        AmazonSettings settings = bind(Map.of("CALIBRATE_AMAZON_LWA_URL", "http://127.0.0.1:9999/auth/o2/token",
                "CALIBRATE_AMAZON_SPAPI_BASE_URL", "http://127.0.0.1:9999/sandbox/"));

        assertThat(settings.lwaUrl()).isEqualTo("http://127.0.0.1:9999/auth/o2/token");
        assertThat(settings.spApiBase(AmazonRegion.EU)).isEqualTo("http://127.0.0.1:9999/sandbox");
    }

    private static AmazonSettings bind(Map<String, Object> variables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        for (PropertySource<?> yaml : new YamlPropertySourceLoader().load("application.yml",
                new ClassPathResource("application.yml"))) {
            environment.getPropertySources().addLast(yaml);
        }
        return Binder.get(environment).bind("calibrate.amazon", AmazonSettings.class).get();
    }
}
