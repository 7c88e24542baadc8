package dev.calibrate.app.messaging;

import dev.calibrate.kernel.message.RandomIds;
import org.axonframework.common.IdentifierFactory;

/**
 * Axon's message identifiers from {@link RandomIds}: the same random UUIDs as Axon's default, without
 * its one JVM-wide lock, which every command, event and result message would otherwise queue on.
 * Found by Axon through {@code META-INF/services/org.axonframework.common.IdentifierFactory}.
 */
public class RandomIdentifierFactory extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return RandomIds.uuid().toString();
    }
}
