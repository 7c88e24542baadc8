package dev.calibrate.app.web;

import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Hands the authenticated {@link Caller} to controller methods and enforces {@link RequiresScope}
 * before the handler runs (403 naming the missing scope).
 */
@Configuration(proxyBeanMethods = false)
public class CallerSupport implements WebMvcConfigurer {

    private final Problems problems;
    /**
     * Each handler method's {@link RequiresScope}, looked up once: Spring makes a new {@link HandlerMethod} for
     * every request and finds a method's annotations by scanning them again each time.
     */
    private final Map<Method, Optional<RequiresScope>> requiredScopes = new ConcurrentHashMap<>();

    public CallerSupport(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Caller.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                          NativeWebRequest request, WebDataBinderFactory binderFactory) {
                return CallerAuthentication.current().orElseThrow(() ->
                        new IllegalStateException("no authenticated caller on " + parameter.getMethod()));
            }
        });
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws Exception {
                if (!(handler instanceof HandlerMethod method)) {
                    return true;
                }
                RequiresScope required = requiredScopes.computeIfAbsent(method.getMethod(),
                        m -> Optional.ofNullable(method.getMethodAnnotation(RequiresScope.class))).orElse(null);
                if (required == null) {
                    return true;
                }
                Caller caller = CallerAuthentication.current().orElse(null);
                if (caller == null || Arrays.stream(required.value()).noneMatch(caller::has)) {
                    String needed = Arrays.stream(required.value()).map(s -> "'" + s.wireName() + "'")
                            .collect(Collectors.joining(" or "));
                    problems.write(response, HttpStatus.FORBIDDEN, "missing-scope",
                            "this token lacks the scope " + needed);
                    return false;
                }
                return true;
            }
        });
    }
}
