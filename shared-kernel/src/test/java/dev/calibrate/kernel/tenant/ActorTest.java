package dev.calibrate.kernel.tenant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActorTest {

    @Test
    void twoTokensOfOnePersonAreOnePersonWhateverTheCaseOrWidthOfTheirSubjects() {
        Actor alice = new Actor("token-1", "alice@acme.example");
        assertThat(alice.samePersonAs(new Actor("token-2", "Alice@ACME.example"))).isTrue();
        assertThat(alice.samePersonAs(new Actor("token-3", "ａｌｉｃｅ@acme.example"))).isTrue();
        assertThat(alice.samePersonAs(new Actor("token-4", "bob@acme.example"))).isFalse();
    }

    @Test
    void withoutASubjectOnEitherSideOnlyTheSameTokenIsTheSameActor() {
        assertThat(new Actor("token-1").samePersonAs(new Actor("token-1", "alice@acme.example"))).isTrue();
        assertThat(new Actor("token-1", "alice@acme.example").samePersonAs(new Actor("token-2"))).isFalse();
    }
}
