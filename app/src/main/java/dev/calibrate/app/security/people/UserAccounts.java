package dev.calibrate.app.security.people;

import dev.calibrate.app.security.Secrets;
import dev.calibrate.app.security.token.ApiTokens;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.Role;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.UserId;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one writer of {@code user_account}, {@code user_credential} and {@code user_identity}, called in the same transaction as
 * the command whose event decides each change (as {@link ApiTokens} is for tokens). Invitation secrets
 * are returned once and stored as SHA-256 hashes; passwords arrive already hashed.
 */
@Component
public class UserAccounts {

    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** A person as the console and the API show them. */
    public record Account(UserId id, TenantId tenantId, String email, String name, Set<Role> roles,
                          boolean disabled, Instant invitedAt, Instant activatedAt) {
    }

    /** An invitation still open: who it is for. */
    public record Invitation(UserId userId, TenantId tenantId, String email, String name) {
    }

    /** What a sign-in checks. {@code passwordHash} is null for a person who has not set one (yet, or since a re-invitation). */
    public record SignInRecord(UserId userId, TenantId tenantId, String email, Set<Role> roles, boolean disabled,
                               String passwordHash, Instant lockedUntil, int generation) {
    }

    /** 409: the email is already a person's, in this tenant or another. */
    public static final class EmailTaken extends Rejection {
        EmailTaken() {
            super("email: already in use; an email address is one person on the whole platform");
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public UserAccounts(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Case and width do not make two people of one address ({@link dev.calibrate.kernel.tenant.Actor#samePersonAs}). */
    static String emailKey(String email) {
        return Normalizer.normalize(email.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /**
     * Stores an invited person and returns their invitation's secret, which is never stored. An email that
     * is anyone's already is refused ({@link EmailTaken}); the unique key catches a race the check loses.
     */
    public String storeInvited(TenantId tenantId, UserId userId, String email, String name, Collection<Role> roles,
                               Duration invitationTtl) {
        String secret = Secrets.random256Bits();
        Instant now = clock.instant();
        if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM user_account WHERE email_key = ?)",
                Boolean.class, emailKey(email)))) {
            throw new EmailTaken();
        }
        try {
            jdbc.update("INSERT INTO user_account (user_id, tenant_id, email, email_key, name, roles, invited_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?::text[], ?)", userId.value(), tenantId.value(), email.strip(),
                    emailKey(email), name.strip(), pgArray(roles), Timestamp.from(now));
        } catch (DuplicateKeyException e) {
            throw new EmailTaken();
        }
        jdbc.update("INSERT INTO user_credential (user_id, invitation_hash, invitation_expires_at) VALUES (?, ?, ?)",
                userId.value(), Secrets.hash(secret), Timestamp.from(now.plus(invitationTtl)));
        return secret;
    }

    /**
     * A new invitation (a password reset): the old link, the password, a lock, every session and every link
     * to a single sign-on identity stop working, so the person's next sign-on finds them afresh by a verified
     * email, and only while this invitation is open.
     */
    public String storeReinvited(UserId userId, Duration invitationTtl) {
        String secret = Secrets.random256Bits();
        jdbc.update("DELETE FROM user_identity WHERE user_id = ?", userId.value());
        jdbc.update("UPDATE user_account SET activated_at = NULL WHERE user_id = ?", userId.value());
        jdbc.update("UPDATE user_credential SET password_hash = NULL, invitation_hash = ?, invitation_expires_at = ?,"
                        + " failed_sign_ins = 0, locked_until = NULL, session_generation = session_generation + 1"
                        + " WHERE user_id = ?",
                Secrets.hash(secret), Timestamp.from(clock.instant().plus(invitationTtl)), userId.value());
        return secret;
    }

    public void storeRoles(UserId userId, Collection<Role> roles) {
        jdbc.update("UPDATE user_account SET roles = ?::text[] WHERE user_id = ?", pgArray(roles), userId.value());
    }

    /** Disabling also moves the session generation on, so a session does not outlive a disable-enable. */
    public void storeDisabled(UserId userId, boolean disabled) {
        jdbc.update("UPDATE user_account SET disabled = ? WHERE user_id = ?", disabled, userId.value());
        if (disabled) {
            jdbc.update("UPDATE user_credential SET session_generation = session_generation + 1 WHERE user_id = ?",
                    userId.value());
        }
    }

    /** The open invitation a link's secret belongs to; empty for a malformed, unknown, used, replaced or expired one. */
    public Optional<Invitation> invitation(String secret) {
        if (secret == null || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return jdbc.query("""
                SELECT a.user_id, a.tenant_id, a.email, a.name FROM user_credential c
                  JOIN user_account a ON a.user_id = c.user_id
                 WHERE c.invitation_hash = ? AND c.invitation_expires_at > ? AND NOT a.disabled""",
                (rs, i) -> new Invitation(new UserId(rs.getObject(1, UUID.class)),
                        new TenantId(rs.getObject(2, UUID.class)), rs.getString(3), rs.getString(4)),
                Secrets.hash(secret), Timestamp.from(clock.instant())).stream().findFirst();
    }

    /**
     * The person set their password through the invitation, which is used up; false (nothing written)
     * when that link is no longer the person's open invitation.
     */
    public boolean storeActivated(UserId userId, String secret, String passwordHash) {
        int used = jdbc.update("UPDATE user_credential SET password_hash = ?, invitation_hash = NULL,"
                        + " invitation_expires_at = NULL, failed_sign_ins = 0, locked_until = NULL"
                        + " WHERE user_id = ? AND invitation_hash = ? AND invitation_expires_at > ?",
                passwordHash, userId.value(), Secrets.hash(secret), Timestamp.from(clock.instant()));
        if (used == 0) {
            return false;
        }
        jdbc.update("UPDATE user_account SET activated_at = ? WHERE user_id = ?", Timestamp.from(clock.instant()),
                userId.value());
        return true;
    }

    public Optional<SignInRecord> byEmail(String email) {
        return signInRecord("a.email_key = ?", emailKey(email));
    }

    public Optional<SignInRecord> byId(UserId userId) {
        return signInRecord("a.user_id = ?", userId.value());
    }

    /** The person an identity at a single sign-on provider was linked to; empty when it is linked to nobody. */
    public Optional<SignInRecord> byIdentity(String issuer, String subject) {
        return signInRecord("a.user_id = (SELECT user_id FROM user_identity WHERE issuer = ? AND subject = ?)",
                issuer, subject);
    }

    /** Whether the person is linked to an identity at this provider already (to which one, a sign-in has looked up). */
    public boolean hasIdentityAt(UserId userId, String issuer) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM user_identity WHERE user_id = ? AND issuer = ?)", Boolean.class,
                userId.value(), issuer));
    }

    /**
     * Links the person to their identity at a single sign-on provider; false (nothing written) when the person
     * has another identity there or the identity is someone else's, which a sign-in racing this one linked.
     */
    public boolean storeIdentityLinked(UserId userId, String issuer, String subject) {
        try {
            jdbc.update("INSERT INTO user_identity (user_id, issuer, subject, linked_at) VALUES (?, ?, ?, ?)",
                    userId.value(), issuer, subject, Timestamp.from(clock.instant()));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /**
     * Whether a sign-on may link the person to an identity for the first time: only someone who has joined,
     * or whose invitation is still open. An expired invitation is no more a way in through the provider than
     * through the invitation link.
     */
    public boolean mayLinkIdentity(UserId userId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM user_account a"
                        + " JOIN user_credential c ON c.user_id = a.user_id WHERE a.user_id = ?"
                        + " AND (a.activated_at IS NOT NULL OR c.invitation_expires_at > ?))", Boolean.class,
                userId.value(), Timestamp.from(clock.instant())));
    }

    /** The people of {@code userIds} linked to an identity at a single sign-on provider. */
    public Set<UserId> linkedToSignOn(Collection<UserId> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return jdbc.queryForList("SELECT DISTINCT user_id FROM user_identity WHERE user_id = ANY (?::uuid[])",
                        UUID.class, userIds.stream().map(id -> id.value().toString())
                                .collect(Collectors.joining(",", "{", "}")))
                .stream().map(UserId::new).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * A person signed in through single sign-on before setting a password: they have joined, as setting a
     * password says, and their invitation is used up as if they had (the link could otherwise still set a
     * password for them). True when this made them active.
     */
    public boolean storeActivatedBySignOn(UserId userId) {
        if (jdbc.update("UPDATE user_account SET activated_at = ? WHERE user_id = ? AND activated_at IS NULL",
                Timestamp.from(clock.instant()), userId.value()) == 0) {
            return false;
        }
        jdbc.update("UPDATE user_credential SET invitation_hash = NULL, invitation_expires_at = NULL"
                + " WHERE user_id = ?", userId.value());
        return true;
    }

    /**
     * Takes one sign-in attempt before the password is checked, counted as failed until
     * {@link #recordSignedIn} says otherwise: false (none taken) while the account is locked. The
     * {@code max}-th attempt in a row locks it until {@code lockout} from now. One statement, so
     * attempts made at once cannot all pass a check made before any of them counted.
     */
    public boolean takeSignInAttempt(UserId userId, int max, Duration lockout) {
        Instant now = clock.instant();
        String attempts = "CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_sign_ins + 1 END";
        return jdbc.update("UPDATE user_credential SET failed_sign_ins = " + attempts + ","
                        + " locked_until = CASE WHEN " + attempts + " >= ? THEN CAST(? AS timestamptz) ELSE NULL END"
                        + " WHERE user_id = ? AND (locked_until IS NULL OR locked_until <= ?)",
                max, Timestamp.from(now.plus(lockout)), userId.value(), Timestamp.from(now)) == 1;
    }

    public void recordSignedIn(UserId userId) {
        jdbc.update("UPDATE user_credential SET failed_sign_ins = 0, locked_until = NULL WHERE user_id = ?",
                userId.value());
    }

    private Optional<SignInRecord> signInRecord(String where, Object... keys) {
        return jdbc.query("SELECT a.user_id, a.tenant_id, a.email, a.roles, a.disabled, c.password_hash,"
                        + " c.locked_until, c.session_generation FROM user_account a"
                        + " JOIN user_credential c ON c.user_id = a.user_id WHERE " + where,
                (rs, i) -> {
                    Timestamp locked = rs.getTimestamp(7);
                    return new SignInRecord(new UserId(rs.getObject(1, UUID.class)),
                            new TenantId(rs.getObject(2, UUID.class)), rs.getString(3), roles(rs.getArray(4)),
                            rs.getBoolean(5), rs.getString(6), locked == null ? null : locked.toInstant(),
                            rs.getInt(8));
                }, keys).stream().findFirst();
    }

    /** Maps a {@code user_account} row (all its columns, in table order). */
    public static Account account(ResultSet rs, int row) throws SQLException {
        Timestamp activated = rs.getTimestamp("activated_at");
        return new Account(new UserId(rs.getObject("user_id", UUID.class)),
                new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("email"), rs.getString("name"),
                roles(rs.getArray("roles")), rs.getBoolean("disabled"), rs.getTimestamp("invited_at").toInstant(),
                activated == null ? null : activated.toInstant());
    }

    private static Set<Role> roles(Array array) throws SQLException {
        return Arrays.stream((String[]) array.getArray()).map(Role::fromWireName)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String pgArray(Collection<Role> roles) {
        return roles.stream().map(Role::wireName).sorted().distinct().collect(Collectors.joining(",", "{", "}"));
    }
}
