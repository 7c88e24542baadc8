package dev.calibrate.app.users;

import dev.calibrate.app.security.people.UserAccounts;
import dev.calibrate.app.security.people.UserSettings;
import dev.calibrate.app.users.UsersApi.InvitedUser;
import dev.calibrate.app.users.UsersApi.UserSummary;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Role;
import dev.calibrate.kernel.tenant.TenantMessages.ChangeUserRoles;
import dev.calibrate.kernel.tenant.TenantMessages.DisableUser;
import dev.calibrate.kernel.tenant.TenantMessages.EnableUser;
import dev.calibrate.kernel.tenant.TenantMessages.InviteUser;
import dev.calibrate.kernel.tenant.TenantMessages.ReinviteUser;
import dev.calibrate.kernel.tenant.UserId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a tenant admin does to the tenant's people, for the API and the console alike: the command
 * (whose event is the audit log's record, the admin as its actor) and the credential change in one
 * transaction, so neither happens without the other. Invitation links are returned (and mailed when
 * mail is set up, after the transaction), never logged.
 */
@Component
public class People {

    private final CommandGateway commands;
    private final UserAccounts accounts;
    private final UserDirectory directory;
    private final TransactionTemplate transaction;
    private final UserSettings settings;
    private final InvitationMail mail;
    private final Clock clock;

    People(CommandGateway commands, UserAccounts accounts, UserDirectory directory, TransactionTemplate transaction,
           UserSettings settings, InvitationMail mail, Clock clock) {
        this.commands = commands;
        this.accounts = accounts;
        this.directory = directory;
        this.transaction = transaction;
        this.settings = settings;
        this.mail = mail;
        this.clock = clock;
    }

    /** 409 when the email is anyone's already, in this tenant or another (one email, one person). */
    public InvitedUser invite(Caller caller, String email, String name, List<Role> roles) {
        UserId userId = UserId.random();
        Set<Role> distinct = new LinkedHashSet<>(roles == null ? List.of() : roles);
        Instant expires = clock.instant().plus(settings.invitationTtl());
        String secret = transaction.execute(tx -> {
            commands.sendAndWait(new InviteUser(caller.tenantId(), userId, email, name, distinct));
            return accounts.storeInvited(caller.tenantId(), userId, email, name, distinct, settings.invitationTtl());
        });
        return sent(caller, userId, secret, expires);
    }

    /** A password reset: a new link; the old link, the password and the person's sessions stop working. */
    public InvitedUser reinvite(Caller caller, UserId userId) {
        Instant expires = clock.instant().plus(settings.invitationTtl());
        String secret = transaction.execute(tx -> {
            commands.sendAndWait(new ReinviteUser(caller.tenantId(), userId));
            return accounts.storeReinvited(userId, settings.invitationTtl());
        });
        return sent(caller, userId, secret, expires);
    }

    public UserSummary changeRoles(Caller caller, UserId userId, List<Role> roles) {
        Set<Role> distinct = new LinkedHashSet<>(roles == null ? List.of() : roles);
        if (isSelf(caller, userId) && !distinct.contains(Role.ADMIN)) {
            throw new InvalidInput("roles", "you cannot take the admin role from yourself; another admin can");
        }
        transaction.executeWithoutResult(tx -> {
            commands.sendAndWait(new ChangeUserRoles(caller.tenantId(), userId, distinct));
            accounts.storeRoles(userId, distinct);
        });
        return get(caller, userId);
    }

    public UserSummary setDisabled(Caller caller, UserId userId, boolean disabled) {
        if (disabled && isSelf(caller, userId)) {
            throw new InvalidInput("disabled", "you cannot disable yourself; another admin can");
        }
        transaction.executeWithoutResult(tx -> {
            commands.sendAndWait(disabled ? new DisableUser(caller.tenantId(), userId)
                    : new EnableUser(caller.tenantId(), userId));
            accounts.storeDisabled(userId, disabled);
        });
        return get(caller, userId);
    }

    /** An admin signed in as this person: taking away their own admin role could leave the tenant with none. */
    private static boolean isSelf(Caller caller, UserId userId) {
        return caller.actor().id().equals(userId.actor(caller.actor().subject()).id());
    }

    public UserSummary get(Caller caller, UserId userId) {
        return UserSummary.of(directory.get(caller.tenantId(), userId));
    }

    private InvitedUser sent(Caller caller, UserId userId, String secret, Instant expires) {
        UserSummary user = get(caller, userId);
        String link = settings.invitationLink(secret);
        mail.send(user.email(), user.name(), link, expires);
        return new InvitedUser(user, link, expires);
    }
}
