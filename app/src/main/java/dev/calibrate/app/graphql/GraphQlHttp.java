package dev.calibrate.app.graphql;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * /graphql's JSON: the app's mapper leaves nulls out (REST's {@code non_null}), but a GraphQL answer must
 * carry every field it was asked for, null included ({@code "competitors": null} beside a FORBIDDEN error).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class GraphQlHttp {

    @Bean
    GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler handler, ObjectMapper mapper) {
        ObjectMapper withNulls = mapper.copy().setDefaultPropertyInclusion(JsonInclude.Include.ALWAYS)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS);
        return new GraphQlHttpHandler(handler, new MappingJackson2HttpMessageConverter(withNulls));
    }
}
