package dev.calibrate.app.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spring MVC finds the handler of a path with a variable ({@code /api/v1/products/{id}}) by testing every
 * mapping, about 230 here, and each test checks the method, parameters, headers, content types and only
 * then the path: a fifth of a product read's CPU (docs/benchmarks.md, "HTTP load"). This mapping tests
 * the path first, and before the path pattern the literal start of it: a mapping of another path is passed
 * over after one string comparison. Which mapping matches, and the answers to no match (404, 405, 406,
 * 415), are unchanged: a mapping still matches only when every condition does, and Spring's own check
 * still decides it.
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

        /** The path of the lookup under way on this thread, as the path patterns compare it. */
        private static final ThreadLocal<String> LOOKED_UP = new ThreadLocal<>();

        private final Map<RequestMappingInfo, String[]> prefixes = new ConcurrentHashMap<>();

        @Override
        protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
            String previous = LOOKED_UP.get();
            LOOKED_UP.set(comparable(request));
            try {
                return super.lookupHandlerMethod(lookupPath, request);
            } finally {
                if (previous == null) {
                    LOOKED_UP.remove();
                } else {
                    LOOKED_UP.set(previous);
                }
            }
        }

        @Override
        protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
            PathPatternsRequestCondition paths = info.getPathPatternsCondition();
            if (paths != null) {
                String path = LOOKED_UP.get();
                if (path != null && !startsWithAny(path, prefixes.computeIfAbsent(info, Mapping::literalStarts))) {
                    return null;
                }
                if (paths.getMatchingCondition(request) == null) {
                    return null;
                }
            }
            return super.getMatchingMapping(info, request);
        }

        /**
         * The request's path as a path pattern compares its literal parts: each segment decoded and without its
         * {@code ;parameters}, the separators as they are. Null (no pre-check) when patterns ignore case.
         */
        private String comparable(HttpServletRequest request) {
            // no parser: paths are matched by the Ant-style matcher, not by path patterns
            if (getPatternParser() == null || !getPatternParser().isCaseSensitive()
                    || !ServletRequestPathUtils.hasParsedRequestPath(request)) {
                return null;
            }
            RequestPath path = ServletRequestPathUtils.getParsedRequestPath(request);
            StringBuilder text = new StringBuilder(path.value().length());
            for (PathContainer.Element element : path.pathWithinApplication().elements()) {
                text.append(element instanceof PathContainer.PathSegment segment ? segment.valueToMatch()
                        : element.value());
            }
            return text.toString();
        }

        /**
         * What every path a mapping's pattern matches starts with: a literal pattern's whole text (it matches
         * only itself, with a trailing separator at most), else the text before the last separator ahead of
         * the first variable or wildcard ({@code /x/**} and {@code /x/{*rest}} match {@code /x} itself).
         */
        static String[] literalStarts(RequestMappingInfo info) {
            return info.getPathPatternsCondition().getPatterns().stream().map(PathPattern::getPatternString)
                    .map(Mapping::literalStart).toArray(String[]::new);
        }

        static String literalStart(String pattern) {
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '{' || c == '*' || c == '?') {
                    return pattern.substring(0, Math.max(0, pattern.lastIndexOf('/', i - 1)));
                }
            }
            return pattern;
        }

        private static boolean startsWithAny(String path, String[] starts) {
            for (String start : starts) {
                if (path.startsWith(start)) {
                    return true;
                }
            }
            return false;
        }
    }
}
