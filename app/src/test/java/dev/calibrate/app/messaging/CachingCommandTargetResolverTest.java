package dev.calibrate.app.messaging;

import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.SubmitPriceChange;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The cached resolver answers every command as Axon's annotation resolver does, inspecting each class once. */
class CachingCommandTargetResolverTest {

    private final CommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();
    private final List<Class<?>> inspected = new ArrayList<>();
    private final CommandTargetResolver cached = new CachingCommandTargetResolver(commandClass -> {
        inspected.add(commandClass);
        return CachingCommandTargetResolver.inspect(commandClass);
    });

    record VersionedByField(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long version) {
    }

    record VersionedByText(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {
    }

    static class IdentifiedByMethod {
        @TargetAggregateIdentifier
        private String fieldId() {
            return "from-the-method";
        }
    }

    static class MethodBeforeField {
        @TargetAggregateIdentifier
        private final String id = "from-the-field";

        @TargetAggregateIdentifier
        String methodId() {
            return "from-the-method";
        }
    }

    static class ThrowingGetter {
        @TargetAggregateIdentifier
        String id() {
            throw new IllegalStateException("no id yet");
        }
    }

    record Untargeted(String id) {
    }

    @Test
    void aRealCommandResolvesToItsTypedIdentifierWithoutVersion() {
        SubmitPriceChange submit = new SubmitPriceChange(PriceChangeId.random(), TenantId.random(), new Actor("t", "s"));

        VersionedAggregateIdentifier target = sameAnswer(submit);

        assertThat(target.getIdentifierValue()).isEqualTo(submit.id());
        assertThat(target.getIdentifier()).isEqualTo(submit.id().toString());
        assertThat(target.getVersion()).isNull();
    }

    @Test
    void versionsAreReadFromNumbersAndText() {
        assertThat(sameAnswer(new VersionedByField("a", 3L)).getVersion()).isEqualTo(3L);
        assertThat(sameAnswer(new VersionedByText("a", "7")).getVersion()).isEqualTo(7L);
        assertThat(sameAnswer(new VersionedByField("a", null)).getVersion()).isNull();
    }

    @Test
    void anAnnotatedMethodIsPreferredOverAnAnnotatedField() {
        assertThat(sameAnswer(new IdentifiedByMethod()).getIdentifier()).isEqualTo("from-the-method");
        assertThat(sameAnswer(new MethodBeforeField()).getIdentifier()).isEqualTo("from-the-method");
    }

    @Test
    void eachCommandClassIsInspectedOnce() {
        for (int i = 0; i < 3; i++) {
            cached.resolveTarget(command(new VersionedByField("a" + i, (long) i)));
            cached.resolveTarget(command(new VersionedByText("b" + i, Integer.toString(i))));
        }

        assertThat(inspected).containsExactly(VersionedByField.class, VersionedByText.class);
        assertThat(cached.resolveTarget(command(new VersionedByField("c", 9L))).getVersion()).isEqualTo(9L);
        assertThat(inspected).hasSize(2);
    }

    @Test
    void aCommandWithoutTargetIsRefusedAsAxonRefusesIt() {
        sameRefusal(new Untargeted("x"), "does not identify the target aggregate");
    }

    @Test
    void aNullIdentifierIsRefusedAsAxonRefusesIt() {
        sameRefusal(new VersionedByField(null, 1L), "does not identify the target aggregate");
    }

    @Test
    void aVersionThatIsNoNumberIsRefusedAsAxonRefusesIt() {
        sameRefusal(new VersionedByText("a", "seven"), "not a number");
    }

    @Test
    void aGetterThatThrowsIsRefusedAsAxonRefusesIt() {
        sameRefusal(new ThrowingGetter(), "exception occurred while extracting");
    }

    private VersionedAggregateIdentifier sameAnswer(Object payload) {
        VersionedAggregateIdentifier expected = axons.resolveTarget(command(payload));
        VersionedAggregateIdentifier actual = cached.resolveTarget(command(payload));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.getIdentifierValue()).isEqualTo(expected.getIdentifierValue());
        assertThat(actual.getVersion()).isEqualTo(expected.getVersion());
        return actual;
    }

    private void sameRefusal(Object payload, String reason) {
        Throwable expected = catchThrowable(() -> axons.resolveTarget(command(payload)));
        Throwable actual = catchThrowable(() -> cached.resolveTarget(command(payload)));

        assertThat(expected).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
        assertThat(actual).isInstanceOf(IllegalArgumentException.class).hasMessage(expected.getMessage());
        assertThat(actual.getCause() == null ? null : actual.getCause().getClass())
                .isEqualTo(expected.getCause() == null ? null : expected.getCause().getClass());
    }

    private static GenericCommandMessage<Object> command(Object payload) {
        return new GenericCommandMessage<>(payload);
    }
}
