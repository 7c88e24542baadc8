package dev.calibrate.command.tenant;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.money.InvalidMoney;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.Role;
import dev.calibrate.kernel.tenant.TenantMessages.ActivateUser;
import dev.calibrate.kernel.tenant.TenantMessages.ChangeUserRoles;
import dev.calibrate.kernel.tenant.TenantMessages.DisableUser;
import dev.calibrate.kernel.tenant.TenantMessages.EnableUser;
import dev.calibrate.kernel.tenant.TenantMessages.InviteUser;
import dev.calibrate.kernel.tenant.TenantMessages.ReinviteUser;
import dev.calibrate.kernel.tenant.TenantMessages.UserActivated;
import dev.calibrate.kernel.tenant.TenantMessages.UserDisabled;
import dev.calibrate.kernel.tenant.TenantMessages.UserEnabled;
import dev.calibrate.kernel.tenant.TenantMessages.UserInvited;
import dev.calibrate.kernel.tenant.TenantMessages.UserReinvited;
import dev.calibrate.kernel.tenant.TenantMessages.UserRolesChanged;
import dev.calibrate.kernel.tenant.UserId;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenIssued;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenRevoked;
import dev.calibrate.kernel.tenant.TenantMessages.CreateTenant;
import dev.calibrate.kernel.tenant.TenantMessages.IssueApiToken;
import dev.calibrate.kernel.tenant.TenantMessages.RevokeApiToken;
import dev.calibrate.kernel.tenant.TenantMessages.SetTenantPolicy;
import dev.calibrate.kernel.tenant.TenantMessages.SetTenantTimeZone;
import dev.calibrate.kernel.tenant.TenantMessages.TenantTimeZoneChanged;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import dev.calibrate.kernel.tenant.TokenId;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelConnected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelDisconnected;
import dev.calibrate.kernel.channel.ChannelMessages.ConnectChannel;
import dev.calibrate.kernel.channel.ChannelMessages.DisconnectChannel;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A merchant account, the API tokens issued to it and its people. Secrets live outside the event store. */
@Aggregate
public class Tenant {

    static final int MAX_NAME_LENGTH = 200;

    @AggregateIdentifier
    private TenantId tenantId;
    private final Set<TokenId> issued = new HashSet<>();
    private final Set<TokenId> revoked = new HashSet<>();
    private TenantPolicy policy = TenantPolicy.unrestricted();
    private String timeZone = "UTC";
    /** Connected channel accounts, as {@code channel:account}. */
    private final Set<String> channels = new HashSet<>();
    /** The tenant's people: their roles and whether they are disabled. */
    private final Map<UserId, Person> people = new HashMap<>();

    private record Person(Set<Role> roles, boolean disabled) {
    }

    protected Tenant() {
        // for Axon
    }

    @CommandHandler
    Tenant(CreateTenant cmd) {
        requireName("name", cmd.name());
        try {
            Money.minorUnits(cmd.defaultCurrency());
        } catch (InvalidMoney e) {
            // Money names its input "currency"; the client sent "defaultCurrency"
            throw new InvalidInput("defaultCurrency", e.reason());
        }
        apply(new TenantCreated(cmd.tenantId(), cmd.name().trim(), cmd.defaultCurrency()));
    }

    @CommandHandler
    void handle(IssueApiToken cmd, Clock clock) {
        requireName("name", cmd.name());
        if (cmd.scopes() == null || cmd.scopes().isEmpty()) {
            throw new InvalidInput("scopes", "must name at least one scope");
        }
        if (cmd.expiresAt() != null && !cmd.expiresAt().isAfter(clock.instant())) {
            throw new InvalidInput("expiresAt", "must be in the future");
        }
        if (issued.contains(cmd.tokenId())) {
            throw new InvalidInput("tokenId", "token " + cmd.tokenId() + " was already issued");
        }
        String subject = null;
        if (cmd.subject() != null) {
            requireName("subject", cmd.subject());
            // an invisible character would let one person pass as two to the four-eyes check
            if (cmd.subject().codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
                throw new InvalidInput("subject", "must not contain control or invisible formatting characters");
            }
            subject = cmd.subject().trim();
        }
        apply(new ApiTokenIssued(tenantId, cmd.tokenId(), cmd.name().trim(), Set.copyOf(cmd.scopes()), cmd.expiresAt(),
                subject));
    }

    @CommandHandler
    void handle(RevokeApiToken cmd) {
        if (!issued.contains(cmd.tokenId())) {
            throw new NotFound("api token");
        }
        if (!revoked.contains(cmd.tokenId())) {
            apply(new ApiTokenRevoked(tenantId, cmd.tokenId()));
        }
    }

    @EventSourcingHandler
    void on(TenantCreated event) {
        tenantId = event.tenantId();
    }

    /** A policy equal to the current one changes nothing and records nothing. */
    @CommandHandler
    TenantPolicy handle(SetTenantPolicy cmd) {
        TenantPolicy wanted = TenantPolicyRules.keepingWhatIsLeftOut(cmd, policy);
        TenantPolicyRules.validate(wanted);
        if (!TenantPolicyRules.samePolicy(wanted, policy)) {
            apply(new TenantPolicyChanged(tenantId, wanted));
        }
        return wanted;
    }

    /** Connecting the same account again (new credentials) is recorded again: the audit log shows every (re)connect. */
    @CommandHandler
    void handle(ConnectChannel cmd) {
        apply(new ChannelConnected(tenantId, cmd.channel(), cmd.account(), cmd.currency()));
    }

    @CommandHandler
    void handle(DisconnectChannel cmd) {
        if (channels.contains(cmd.channel() + ":" + cmd.account())) {
            apply(new ChannelDisconnected(tenantId, cmd.channel(), cmd.account(), cmd.reason()));
        }
    }

    @EventSourcingHandler
    void on(ChannelConnected event) {
        channels.add(event.channel() + ":" + event.account());
    }

    @EventSourcingHandler
    void on(ChannelDisconnected event) {
        channels.remove(event.channel() + ":" + event.account());
    }

    /** Only a region id of the IANA database: an offset ({@code +02:00}) would ignore daylight saving time. */
    @CommandHandler
    void handle(SetTenantTimeZone cmd) {
        String zone = cmd.timeZone() == null ? "" : cmd.timeZone().strip();
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            throw new InvalidInput("timeZone", "must be an IANA time zone id such as Europe/Berlin or UTC");
        }
        if (!zone.equals(timeZone)) {
            apply(new TenantTimeZoneChanged(tenantId, zone));
        }
    }

    @EventSourcingHandler
    void on(TenantTimeZoneChanged event) {
        timeZone = event.timeZone();
    }

    @EventSourcingHandler
    void on(TenantPolicyChanged event) {
        policy = event.policy();
    }

    @EventSourcingHandler
    void on(ApiTokenIssued event) {
        issued.add(event.tokenId());
    }

    @EventSourcingHandler
    void on(ApiTokenRevoked event) {
        revoked.add(event.tokenId());
    }

    @CommandHandler
    void handle(InviteUser cmd) {
        PersonRules.requireEmail(cmd.email());
        PersonRules.requireName(cmd.name());
        PersonRules.requireRoles(cmd.roles());
        if (people.containsKey(cmd.userId())) {
            throw new InvalidInput("userId", "user " + cmd.userId() + " was already invited");
        }
        apply(new UserInvited(tenantId, cmd.userId(), cmd.email(), cmd.name().strip(), new TreeSet<>(cmd.roles())));
    }

    /** A disabled person is enabled first: a new link for someone who may not sign in would be a trap. */
    @CommandHandler
    void handle(ReinviteUser cmd) {
        if (person(cmd.userId()).disabled()) {
            throw new UserDisabledConflict();
        }
        apply(new UserReinvited(tenantId, cmd.userId()));
    }

    @CommandHandler
    void handle(ActivateUser cmd) {
        if (person(cmd.userId()).disabled()) {
            throw new UserDisabledConflict();
        }
        apply(new UserActivated(tenantId, cmd.userId()));
    }

    @CommandHandler
    void handle(ChangeUserRoles cmd) {
        PersonRules.requireRoles(cmd.roles());
        if (!person(cmd.userId()).roles().equals(Set.copyOf(cmd.roles()))) {
            apply(new UserRolesChanged(tenantId, cmd.userId(), new TreeSet<>(cmd.roles())));
        }
    }

    @CommandHandler
    void handle(DisableUser cmd) {
        if (!person(cmd.userId()).disabled()) {
            apply(new UserDisabled(tenantId, cmd.userId()));
        }
    }

    @CommandHandler
    void handle(EnableUser cmd) {
        if (person(cmd.userId()).disabled()) {
            apply(new UserEnabled(tenantId, cmd.userId()));
        }
    }

    private Person person(UserId userId) {
        Person person = people.get(userId);
        if (person == null) {
            throw new NotFound("user");
        }
        return person;
    }

    @EventSourcingHandler
    void on(UserInvited event) {
        people.put(event.userId(), new Person(Set.copyOf(event.roles()), false));
    }

    @EventSourcingHandler
    void on(UserRolesChanged event) {
        people.computeIfPresent(event.userId(), (id, p) -> new Person(Set.copyOf(event.roles()), p.disabled()));
    }

    @EventSourcingHandler
    void on(UserDisabled event) {
        people.computeIfPresent(event.userId(), (id, p) -> new Person(p.roles(), true));
    }

    @EventSourcingHandler
    void on(UserEnabled event) {
        people.computeIfPresent(event.userId(), (id, p) -> new Person(p.roles(), false));
    }

    /** 409: the person is disabled, and this needs them enabled. */
    static final class UserDisabledConflict extends Rejection {
        UserDisabledConflict() {
            super("the user is disabled; enable them first");
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }

        @Override
        public Map<String, Object> problemProperties() {
            return Map.of("state", "DISABLED");
        }
    }

    private static void requireName(String field, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInput(field, "must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidInput(field, "must be at most " + MAX_NAME_LENGTH + " characters");
        }
    }
}
