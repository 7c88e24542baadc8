package dev.calibrate.app.scheduling;

import com.github.kagkarlsson.scheduler.serializer.JavaSerializer;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Task data queued by an earlier version reads after its class moved. A stored class that no longer
 * exists is simulated by rewriting its name in the serialized bytes to one of the same length.
 */
class TaskDataSerializerTest {

    record Order(String mode, String actor) implements Serializable {
    }

    record Narrow(String mode) implements Serializable {
    }

    final TaskDataSerializer serializer = new TaskDataSerializer();

    @Test
    void readsWhatItWrote() {
        Order order = new Order("FULL", "alice");
        assertThat(serializer.deserialize(Order.class, serializer.serialize(order))).isEqualTo(order);
    }

    @Test
    void readsDataWrittenByDbSchedulersOwnSerializer() {
        Order order = new Order("FULL", "alice");
        assertThat(serializer.deserialize(Order.class, new JavaSerializer().serialize(order))).isEqualTo(order);
    }

    @Test
    void readsDataWhoseClassHasMovedAsTheClassTheTaskExpects() {
        byte[] stored = renamed(new JavaSerializer().serialize(new Order("FULL", "alice")), "$Order", "$Gone0");

        assertThat(serializer.deserialize(Order.class, stored)).isEqualTo(new Order("FULL", "alice"));
    }

    @Test
    void refusesMovedDataWhoseFieldsDifferFromTheExpectedClass() {
        byte[] stored = renamed(new JavaSerializer().serialize(new Narrow("FULL")), "$Narrow", "$Gone00");

        assertThatThrownBy(() -> serializer.deserialize(Order.class, stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Order.class.getName());
    }

    @Test
    void queuedIngestsWebhooksAndPriceChangeRunsSurviveTheirMove() throws Exception {
        for (String name : new String[] {
                "dev.calibrate.connectors.shopify.catalog.ShopifyIngestTask$IngestOrder",
                "dev.calibrate.connectors.amazon.catalog.AmazonIngestTask$IngestOrder",
                "dev.calibrate.connectors.shopify.webhooks.ShopifyWebhookTasks$QueuedProduct",
                "dev.calibrate.command.pricechange.run.PriceChangeRuns$RunOrder"}) {
            Class<?> type = Class.forName(name);
            Constructor<?> constructor = type.getDeclaredConstructors()[0];
            constructor.setAccessible(true);
            Object[] values = new Object[constructor.getParameterCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = constructor.getParameterTypes()[i] == int.class ? (Object) i : "value-" + i;
            }
            Object data = constructor.newInstance(values);
            String simple = name.substring(name.lastIndexOf('$'));
            byte[] stored = renamed(new JavaSerializer().serialize(data), simple, "$" + "X".repeat(simple.length() - 1));

            assertThat(serializer.deserialize(type, stored)).as(name).isEqualTo(data);
        }
    }

    /** The serialized bytes with a class name part replaced by another of the same length. */
    private static byte[] renamed(byte[] serialized, String from, String to) {
        byte[] old = from.getBytes(StandardCharsets.UTF_8);
        byte[] now = to.getBytes(StandardCharsets.UTF_8);
        assertThat(now).hasSameSizeAs(old);
        byte[] copy = serialized.clone();
        int found = 0;
        for (int i = 0; i + old.length <= copy.length; i++) {
            boolean match = true;
            for (int j = 0; j < old.length && match; j++) match = copy[i + j] == old[j];
            if (match) {
                System.arraycopy(now, 0, copy, i, now.length);
                found++;
            }
        }
        assertThat(found).as("class name occurrences of " + from).isPositive();
        return copy;
    }
}
