package dev.calibrate.app.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests this node is serving right now: each counted once, from its first dispatch until that
 * returns, whatever it is (an API call, a console page, a health probe, one refused). A request that goes on
 * asynchronously (an event stream) stops counting when its first dispatch returns, so a long-lived stream is
 * not a busy node.
 */
public final class RequestsInFlight {

    private final AtomicInteger now = new AtomicInteger();

    public int now() {
        return now.get();
    }

    Filter filter() {
        return (ServletRequest request, ServletResponse response, FilterChain chain) -> count(request, response, chain);
    }

    private void count(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        now.incrementAndGet();
        try {
            chain.doFilter(request, response);
        } finally {
            now.decrementAndGet();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        RequestsInFlight requestsInFlight() {
            return new RequestsInFlight();
        }

        /** First among the filters (after the request pool's flag), on the first dispatch only. */
        @Bean
        FilterRegistrationBean<Filter> requestsInFlightFilter(RequestsInFlight requests) {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(requests.filter());
            registration.setName("requestsInFlight");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
            return registration;
        }
    }
}
