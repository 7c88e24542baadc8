package dev.calibrate.app.messaging;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/** The event store skips snapshot reads only while no aggregate can have written one. */
class SnapshotlessEventStorageEngineTest {

    @Aggregate
    static class Plain {
    }

    @Aggregate(snapshotTriggerDefinition = "everyHundredEvents")
    static class Snapshotted {
    }

    @Test
    void aggregatesWithoutTriggerDeclareNoSnapshots() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerBeanDefinition("plain", new RootBeanDefinition(Plain.class));

        assertThat(SnapshotlessEventStorageEngine.snapshotsDeclaredIn(beans)).isFalse();
    }

    @Test
    void anAggregateNamingATriggerDeclaresSnapshots() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerBeanDefinition("plain", new RootBeanDefinition(Plain.class));
        beans.registerBeanDefinition("snapshotted", new RootBeanDefinition(Snapshotted.class));

        assertThat(SnapshotlessEventStorageEngine.snapshotsDeclaredIn(beans)).isTrue();
    }

    @Test
    void aTriggerBeanDeclaresSnapshots() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerBeanDefinition("everyHundredEvents",
                new RootBeanDefinition(EventCountSnapshotTriggerDefinition.class));

        assertThat(SnapshotlessEventStorageEngine.snapshotsDeclaredIn(beans)).isTrue();
    }
}
