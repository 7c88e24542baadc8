package dev.calibrate.schemas.upcasting;

import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;

import java.util.List;

/**
 * Every upcaster of a stored event, oldest revision first. The app registers each with Axon, and
 * {@code SchemaEvolutionTest} fails when an event schema's major version has no way here from its
 * baseline's revision.
 */
public final class EventUpcasters {

    private EventUpcasters() {
    }

    public static List<RevisionUpcaster> all() {
        return List.of(
                new RollbackTriggerUpcaster(PriceChangeRollbackStarted.class),
                new RollbackTriggerUpcaster(PriceChangeRolledBack.class),
                new ProductPriceChangedUpcaster());
    }
}
