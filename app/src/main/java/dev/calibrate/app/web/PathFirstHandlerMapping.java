package dev.calibrate.app.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC finds the handler of a path with a variable ({@code /api/v1/products/{id}}) by testing every
 * mapping, about 230 here, and each test checks the method, parameters, headers, content types and only
 * then the path: a fifth of a product read's CPU (docs/benchmarks.md, "HTTP load"). This mapping tests
 * the path first, so a mapping of another path is passed over after a few segment comparisons. Which
 * mapping matches, and the answers to no match (404, 405, 406, 415), are unchanged: a mapping still
 * matches only when every condition does, and Spring's own check still decides it.
 */
@Configuration(proxyBeanMethods = false)
public class PathFirstHandlerMapping {

    @Bean
    WebMvcRegistrations pathFirstRegistrations() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new Mapping();
            }
        };
    }

    static final class Mapping extends RequestMappingHandlerMapping {
        @Override
        protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
            PathPatternsRequestCondition paths = info.getPathPatternsCondition();
            if (paths != null && paths.getMatchingCondition(request) == null) {
                return null;
            }
            return super.getMatchingMapping(info, request);
        }
    }
}
