package dev.calibrate.app.messaging;

import org.axonframework.spring.config.SpringAggregateConfigurer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Every aggregate loads only the events of its own type. Ids come from clients, and a price change
 * id sent to a product endpoint would otherwise replay the price change's events into a product and
 * fail (a 500 that tells the caller the id exists); filtered, the stream is empty and the id reads as
 * unknown, like any other. Axon's {@code @Aggregate(filterEventsByType = true)} would say the same,
 * but Spring Boot's aggregate lookup in Axon 4.13 does not pass the attribute on, so it is set here,
 * for all aggregates at once.
 */
@Component
class AggregateTypeFilter implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof SpringAggregateConfigurer<?> aggregate) {
            aggregate.setFilterEventsByType(true);
        }
        return bean;
    }
}
