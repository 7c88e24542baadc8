package dev.calibrate.command.tenant;

import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.tenant.Role;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.ActivateUser;
import dev.calibrate.kernel.tenant.TenantMessages.ChangeUserRoles;
import dev.calibrate.kernel.tenant.TenantMessages.DisableUser;
import dev.calibrate.kernel.tenant.TenantMessages.EnableUser;
import dev.calibrate.kernel.tenant.TenantMessages.InviteUser;
import dev.calibrate.kernel.tenant.TenantMessages.ReinviteUser;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import dev.calibrate.kernel.tenant.TenantMessages.UserActivated;
import dev.calibrate.kernel.tenant.TenantMessages.UserDisabled;
import dev.calibrate.kernel.tenant.TenantMessages.UserEnabled;
import dev.calibrate.kernel.tenant.TenantMessages.UserInvited;
import dev.calibrate.kernel.tenant.TenantMessages.UserReinvited;
import dev.calibrate.kernel.tenant.TenantMessages.UserRolesChanged;
import dev.calibrate.kernel.tenant.UserId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static dev.calibrate.command.InvalidInputMatcher.invalidInputNaming;

/** The tenant's people: who may be invited, and which changes are recorded. */
class TenantPeopleTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final UserId ALICE = new UserId(UUID.fromString("7d3f9a2c-1b4e-4c8a-9f60-2e5d7b1a3c94"));
    private static final TenantCreated CREATED = new TenantCreated(ACME, "Acme", "USD");
    private static final UserInvited INVITED = new UserInvited(ACME, ALICE, "alice@acme.example", "Alice",
            roles(Role.ANALYST));

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(Clock.systemUTC());
    }

    @Test
    void anInvitationRecordsThePersonWithTheNameTrimmed() {
        fixture.given(CREATED)
                .when(new InviteUser(ACME, ALICE, "alice@acme.example", "  Alice ", Set.of(Role.ANALYST)))
                .expectEvents(INVITED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", "alice@", "alice@acme", "al ice@acme.example", "ålice@acme.example"})
    void anEmailThatIsNotAnAddressIsRefused(String email) {
        fixture.given(CREATED)
                .when(new InviteUser(ACME, ALICE, email, "Alice", Set.of(Role.VIEWER)))
                .expectException(invalidInputNaming("email"))
                .expectNoEvents();
    }

    @Test
    void aNameWithAnInvisibleCharacterAndNoRolesAreRefused() {
        fixture.given(CREATED)
                .when(new InviteUser(ACME, ALICE, "alice@acme.example", "Ali\u200Bce", Set.of(Role.VIEWER)))
                .expectException(invalidInputNaming("name"));
        fixture.given(CREATED)
                .when(new InviteUser(ACME, ALICE, "alice@acme.example", "Alice", Set.of()))
                .expectException(invalidInputNaming("roles"));
    }

    @Test
    void theSameRolesAgainAndADisableOfTheDisabledRecordNothing() {
        fixture.given(CREATED, INVITED)
                .when(new ChangeUserRoles(ACME, ALICE, Set.of(Role.ANALYST)))
                .expectNoEvents();
        fixture.given(CREATED, INVITED, new UserDisabled(ACME, ALICE))
                .when(new DisableUser(ACME, ALICE))
                .expectNoEvents();
        fixture.given(CREATED, INVITED)
                .when(new EnableUser(ACME, ALICE))
                .expectNoEvents();
    }

    @Test
    void rolesDisableEnableReinviteAndActivationAreRecorded() {
        fixture.given(CREATED, INVITED)
                .when(new ChangeUserRoles(ACME, ALICE, Set.of(Role.APPROVER, Role.VIEWER)))
                .expectEvents(new UserRolesChanged(ACME, ALICE, roles(Role.VIEWER, Role.APPROVER)));
        fixture.given(CREATED, INVITED)
                .when(new DisableUser(ACME, ALICE))
                .expectEvents(new UserDisabled(ACME, ALICE));
        fixture.given(CREATED, INVITED, new UserDisabled(ACME, ALICE))
                .when(new EnableUser(ACME, ALICE))
                .expectEvents(new UserEnabled(ACME, ALICE));
        fixture.given(CREATED, INVITED)
                .when(new ReinviteUser(ACME, ALICE))
                .expectEvents(new UserReinvited(ACME, ALICE));
        fixture.given(CREATED, INVITED)
                .when(new ActivateUser(ACME, ALICE))
                .expectEvents(new UserActivated(ACME, ALICE));
    }

    @Test
    void aDisabledPersonIsNeitherReinvitedNorActivated() {
        fixture.given(CREATED, INVITED, new UserDisabled(ACME, ALICE))
                .when(new ReinviteUser(ACME, ALICE))
                .expectException(Tenant.UserDisabledConflict.class)
                .expectNoEvents();
        fixture.given(CREATED, INVITED, new UserDisabled(ACME, ALICE))
                .when(new ActivateUser(ACME, ALICE))
                .expectException(Tenant.UserDisabledConflict.class);
    }

    @Test
    void someoneWhoWasNeverInvitedIsNotFound() {
        fixture.given(CREATED)
                .when(new DisableUser(ACME, ALICE))
                .expectException(NotFound.class);
        fixture.given(CREATED, INVITED)
                .when(new InviteUser(ACME, ALICE, "alice@acme.example", "Alice", Set.of(Role.VIEWER)))
                .expectException(invalidInputNaming("userId"));
    }

    private static TreeSet<Role> roles(Role... roles) {
        return new TreeSet<>(Set.of(roles));
    }
}
