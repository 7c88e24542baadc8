package dev.calibrate.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.schemas.SchemaRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class SchemaConfiguration {

    @Bean
    SchemaRegistry schemaRegistry(ObjectMapper mapper) {
        return new SchemaRegistry(mapper);
    }
}
