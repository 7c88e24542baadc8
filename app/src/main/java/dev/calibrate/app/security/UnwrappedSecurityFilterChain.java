package dev.calibrate.app.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;

import java.util.List;

/**
 * With Spring MVC present, Spring Security wraps its filter chain in a filter that looks up each request's
 * Spring MVC handler before the chain runs ({@code HandlerMappingIntrospector}'s cache filter), for request
 * matchers and CORS settings that ask Spring MVC which handler a request goes to. Calibrate's chains match
 * the normalised path themselves ({@link SecurityConfiguration#pathStartsWith}) and configure no CORS, so
 * nothing reads that lookup: it only made every request look its handler up twice, about 15% of a product read's
 * request-thread CPU (docs/benchmarks.md, "HTTP load"). This puts Spring Security's filter chain back without the wrapper,
 * after Spring Security has wrapped it (a bean factory post-processor runs after every registry one).
 */
@Configuration(proxyBeanMethods = false)
public class UnwrappedSecurityFilterChain {

    static final String CHAIN = AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME;
    /** Spring Security's wrappers of its chain: a filter chain proxy over a list of filters, the chain among them. */
    private static final String WRAPPER = "$CompositeFilterChainProxy";
    /** The wrapper that adds the lookup (WebMvcSecurityConfiguration's), and the lookup's definition. */
    private static final String LOOKUP_WRAPPER = "WebMvcSecurityConfiguration" + WRAPPER;
    private static final String LOOKUP = "HandlerMappingIntrospectorCacheFilterFactoryBean";
    private static final Logger log = LoggerFactory.getLogger(UnwrappedSecurityFilterChain.class);

    @Bean
    static BeanFactoryPostProcessor unwrapSecurityFilterChain() {
        return beanFactory -> {
            if (!(beanFactory instanceof BeanDefinitionRegistry registry) || !registry.containsBeanDefinition(CHAIN)) {
                return;
            }
            BeanDefinition chain = registry.getBeanDefinition(CHAIN);
            Unwrapping unwrapping = new Unwrapping();
            BeanDefinition unwrapped = unwrapping.withoutLookup(chain);
            if (!unwrapping.removed) {
                log.warn("Spring Security's filter chain is not wrapped as this release knows; if it looks every"
                        + " request's handler up, requests do it twice");
                return;
            }
            if (unwrapped != chain) {
                registry.removeBeanDefinition(CHAIN);
                registry.registerBeanDefinition(CHAIN, unwrapped);
            }
        };
    }

    /**
     * Takes the lookup's wrapper out of a chain's definition, wherever it sits among Spring Security's wrappers
     * (in 6.5 another one, which parses the request path once, wraps it or is wrapped by it and stays).
     */
    private static final class Unwrapping {
        boolean removed;

        BeanDefinition withoutLookup(BeanDefinition definition) {
            String type = definition.getBeanClassName();
            List<Object> filters = type != null && type.endsWith(WRAPPER) ? filters(definition) : null;
            if (filters == null) {
                return definition;
            }
            if (type.endsWith(LOOKUP_WRAPPER) && filters.size() == 2) {
                BeanDefinition inner = null;
                boolean lookup = false;
                for (Object filter : filters) {
                    if (filter instanceof BeanDefinition d && d.getBeanClassName() != null
                            && d.getBeanClassName().endsWith(LOOKUP)) {
                        lookup = true;
                    } else if (filter instanceof BeanDefinition d) {
                        inner = d;
                    }
                }
                if (lookup && inner != null) {
                    removed = true;
                    return withoutLookup(inner);
                }
            }
            for (int i = 0; i < filters.size(); i++) {
                if (filters.get(i) instanceof BeanDefinition d) {
                    filters.set(i, withoutLookup(d));
                }
            }
            return definition;
        }

        @SuppressWarnings("unchecked")
        private static List<Object> filters(BeanDefinition wrapper) {
            ConstructorArgumentValues.ValueHolder filters = wrapper.getConstructorArgumentValues()
                    .getIndexedArgumentValue(0, List.class);
            return filters != null && filters.getValue() instanceof List<?> list ? (List<Object>) list : null;
        }
    }
}
