package dev.calibrate.app.support.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import java.util.function.Supplier;

/**
 * Puts the {@link ContractFilter} in front of every integration test's server. Imported by
 * IntegrationTest, so it is part of the one shared context rather than a second one.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ContractConfiguration {

    @Bean
    FilterRegistrationBean<ContractFilter> contractFilter(Environment environment, ObjectMapper mapper) {
        Supplier<OpenApiDocument> document = new Supplier<>() {
            private volatile OpenApiDocument fetched;

            @Override
            public OpenApiDocument get() {
                if (fetched == null) {
                    // the live document: the server is up by the time a request reaches the filter
                    fetched = OpenApiDocument.fetch("http://localhost:"
                            + environment.getRequiredProperty("local.server.port"), mapper);
                }
                return fetched;
            }
        };
        FilterRegistrationBean<ContractFilter> registration =
                new FilterRegistrationBean<>(new ContractFilter(document, mapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
