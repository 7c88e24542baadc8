package dev.calibrate.app.web;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler mapping that tests a mapping's path before its other conditions is the one in use, and
 * paths with variables still reach the handler of their method, or the answer for no match.
 */
class PathFirstHandlerMappingTest extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Autowired
    ApplicationContext context;

    @Test
    void theMappingInUseTestsThePathFirst() {
        assertThat(mapping).isInstanceOf(PathFirstHandlerMapping.Mapping.class);
    }

    @Test
    void onlyTheDispatcherLooksARequestsHandlerUp() {
        // Spring Security's wrapper would look every request's handler up before the chain (UnwrappedSecurityFilterChain)
        FilterChainProxy chain = context.getBean("springSecurityFilterChain", FilterChainProxy.class);
        assertThat(filtersOf(chain)).as("the filters around the chain").noneMatch(filter -> filter.getClass().getName()
                .startsWith(HandlerMappingIntrospector.class.getName()));
    }

    /** A filter and every filter it delegates to, read from its fields (Spring Security's wrappers keep them private). */
    private static Set<Object> filtersOf(Object filter) {
        Set<Object> found = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(filter, found);
        return found;
    }

    private static void collect(Object filter, Set<Object> found) {
        if (!found.add(filter)) {
            return;
        }
        for (Class<?> type = filter.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || !(Filter.class.isAssignableFrom(field.getType())
                        || List.class.isAssignableFrom(field.getType()))) {
                    continue;
                }
                field.setAccessible(true);
                Object value;
                try {
                    value = field.get(filter);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (value instanceof Filter nested) {
                    collect(nested, found);
                } else if (value instanceof List<?> list) {
                    list.stream().filter(Filter.class::isInstance).forEach(nested -> collect(nested, found));
                }
            }
        }
    }

    @Test
    void aMappingsLiteralStartIsALiteralPatternOrItsTextToTheLastSeparatorBeforeAVariableOrWildcard() {
        assertThat(PathFirstHandlerMapping.Mapping.literalStart("/api/v1/products/{id}")).isEqualTo("/api/v1/products");
        assertThat(PathFirstHandlerMapping.Mapping.literalStart("/api/v1/products/{id}/history"))
                .isEqualTo("/api/v1/products");
        assertThat(PathFirstHandlerMapping.Mapping.literalStart("/api/v1/products")).isEqualTo("/api/v1/products");
        assertThat(PathFirstHandlerMapping.Mapping.literalStart("/files/ab*.txt")).isEqualTo("/files");
        // these match /console and / themselves
        assertThat(PathFirstHandlerMapping.Mapping.literalStart("/console/**")).isEqualTo("/console");
        assertThat(PathFirstHandlerMapping.Mapping.literalStart("/{*rest}")).isEqualTo("");
        assertThat(PathFirstHandlerMapping.Mapping.literalStart("/")).isEqualTo("/");
        assertThat(PathFirstHandlerMapping.Mapping.literalStart("")).isEqualTo("");
        assertThat(PathFirstHandlerMapping.Mapping.literalStart("/{tenant}/x")).isEqualTo("");
        // and Spring's own patterns agree: whatever they match starts with the literal start
        for (String pattern : List.of("/console/**", "/x/{*rest}", "/api/v1/products/{id}", "/files/ab*.txt")) {
            PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
            for (String path : List.of("/console", "/console/a/b", "/x", "/x/y", "/api/v1/products/1",
                    "/files/abc.txt", "/")) {
                if (parsed.matches(PathContainer.parsePath(path))) {
                    assertThat(path).as("%s matches %s", pattern, path)
                            .startsWith(PathFirstHandlerMapping.Mapping.literalStart(pattern));
                }
            }
        }
    }

    @Test
    void aPathWithAVariableReachesTheHandlerOfItsMethodOrTheAnswerForNoMatch() {
        Api.TenantToken tenant = api.newTenant("Path first " + UUID.randomUUID());
        new PriceChangeSteps(api).catalog(tenant.token(), List.of(Map.of("sku", "PF-1", "title", "Path first",
                "prices", List.of(Map.of("currency", "USD", "amount", "10.00")))));
        Api.Response list = api.get("/api/v1/products?sku=PF-1", tenant.token());
        String id = list.json().get("items").get(0).get("id").asText();

        Api.Response product = api.get("/api/v1/products/" + id, tenant.token());
        assertThat(product.status()).as(product.body()).isEqualTo(200);
        assertThat(product.json().get("sku").asText()).isEqualTo("PF-1");
        Api.Response history = api.get("/api/v1/products/" + id + "/history", tenant.token());
        assertThat(history.status()).as("a longer path under the same prefix: " + history.body()).isEqualTo(200);
        assertThat(history.body()).contains("10.00");
        assertThat(api.send("PATCH", "/api/v1/products/" + id, tenant.token(), Map.of()).status())
                .as("no PATCH on a product").isEqualTo(405);
        assertThat(api.get("/api/v1/products/" + id, tenant.token(), "Accept", "text/csv").status())
                .as("a product is only JSON").isEqualTo(406);
        assertThat(api.get("/api/v1/products/" + id + "/no-such-part", tenant.token()).status()).isEqualTo(404);
        // the literal start is compared as the pattern compares it: segments decoded, without their ;parameters
        Api.Response encoded = api.get("/api/v1/pro%64ucts/" + id, tenant.token());
        assertThat(encoded.status()).as("an encoded letter in a literal segment: " + encoded.body()).isEqualTo(200);
        Api.Response parameters = api.get("/api/v1/products;v=1/" + id, tenant.token());
        assertThat(parameters.status()).as("a ;parameter on a literal segment: " + parameters.body()).isEqualTo(200);
    }
}
