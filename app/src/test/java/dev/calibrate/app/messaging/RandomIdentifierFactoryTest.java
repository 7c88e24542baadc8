package dev.calibrate.app.messaging;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RandomIdentifierFactoryTest {

    @Test
    void axonFindsOurFactoryAndItsMessagesCarryRandomUuids() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(RandomIdentifierFactory.class);
        String id = GenericEventMessage.asEventMessage("payload").getIdentifier();
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
        assertThat(GenericEventMessage.asEventMessage("payload").getIdentifier()).isNotEqualTo(id);
    }
}
