package dev.calibrate.app.openapi;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The controller methods behind the documented paths, keyed like the document's operations
 * ({@code POST /api/v1/price-changes/{id}/approve}), so the document's rules can read the annotations
 * of the method that serves an operation, and tests can compare the mappings with the document.
 */
@Component
public class ApiHandlers {

    /** The paths the document describes: the tenant and admin APIs and the public Shopify endpoints. */
    public static final Set<String> DOCUMENTED_PREFIXES = Set.of("/api/", "/admin/", "/connectors/", "/webhooks/");

    private static final Set<RequestMethod> ANY_METHOD = Set.of(RequestMethod.GET, RequestMethod.POST,
            RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);

    private final ObjectProvider<RequestMappingHandlerMapping> mapping;

    public ApiHandlers(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mapping) {
        this.mapping = mapping;
    }

    /** Every documented mapping, sorted, as {@code METHOD /path/{variable}}. */
    public Map<String, HandlerMethod> operations() {
        Map<String, HandlerMethod> operations = new TreeMap<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getObject().getHandlerMethods().entrySet()) {
            Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
            for (String path : entry.getKey().getPatternValues()) {
                if (DOCUMENTED_PREFIXES.stream().noneMatch(path::startsWith)) continue;
                for (RequestMethod method : methods.isEmpty() ? ANY_METHOD : methods) {
                    operations.put(key(method.name(), path), entry.getValue());
                }
            }
        }
        return operations;
    }

    public static String key(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }
}
