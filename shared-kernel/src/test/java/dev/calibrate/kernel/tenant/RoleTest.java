package dev.calibrate.kernel.tenant;

import dev.calibrate.kernel.error.InvalidInput;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one mapping from people's roles to the scopes tokens have. */
class RoleTest {

    private static final Set<Scope> VIEWER = Set.of(Scope.CATALOG_READ, Scope.AUDIT_READ, Scope.COMPETITORS_READ);

    @Test
    void aViewerReadsAndTheOthersBuildOnIt() {
        assertThat(Role.VIEWER.scopes()).isEqualTo(VIEWER);
        assertThat(Role.ANALYST.scopes()).containsAll(VIEWER)
                .contains(Scope.PRICES_WRITE, Scope.CATALOG_WRITE, Scope.COMPETITORS_WRITE, Scope.COPILOT_QUERY).hasSize(7);
        assertThat(Role.APPROVER.scopes()).containsAll(VIEWER).contains(Scope.PRICES_APPROVE, Scope.PRICES_APPLY)
                .contains(Scope.COPILOT_QUERY).hasSize(6);
        assertThat(Role.ADMIN.scopes()).isEqualTo(EnumSet.allOf(Scope.class));
    }

    @Test
    void viewersDoNotAskTheCopilot() {
        assertThat(Role.VIEWER.scopes()).doesNotContain(Scope.COPILOT_QUERY);
    }

    @Test
    void onlyAnAdminAdministers() {
        for (Role role : List.of(Role.VIEWER, Role.ANALYST, Role.APPROVER)) {
            assertThat(role.scopes()).doesNotContain(Scope.ADMIN, Scope.CONNECTORS_ADMIN);
        }
    }

    @Test
    void aPersonsScopesAreTheUnionOfTheirRoles() {
        assertThat(Role.scopesOf(List.of(Role.ANALYST, Role.APPROVER)))
                .contains(Scope.PRICES_WRITE, Scope.PRICES_APPROVE).doesNotContain(Scope.ADMIN).hasSize(9);
        assertThat(Role.scopesOf(List.of())).isEmpty();
    }

    @Test
    void rolesAreWrittenByName() {
        assertThat(Role.fromWireName("approver")).isEqualTo(Role.APPROVER);
        assertThat(Role.APPROVER.wireName()).isEqualTo("approver");
        assertThatThrownBy(() -> Role.fromWireName("owner")).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("viewer, analyst, approver, admin");
    }

    @Test
    void aPersonInASessionIsThePersonOfATokenIssuedToTheirEmail() {
        UserId alice = UserId.random();
        Actor session = alice.actor("alice@acme.example");
        assertThat(session.id()).isEqualTo("user:" + alice);
        assertThat(session.samePersonAs(Actor.token(TokenId.random(), "Alice@Acme.example"))).isTrue();
        assertThat(session.samePersonAs(Actor.token(TokenId.random(), "bob@acme.example"))).isFalse();
    }
}
