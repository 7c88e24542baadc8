package dev.calibrate.app.users;

import dev.calibrate.app.security.people.UserAccounts;
import dev.calibrate.app.security.people.UserAccounts.Account;
import dev.calibrate.app.users.ActorNames.ActorName;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.kernel.tenant.UserId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads a tenant's people as the request role, so row-level security keeps them to the caller's tenant.
 * {@code user_account} is written in the same transaction as each change's event, so a read right
 * after a change sees it (no read-model lag to wait for).
 */
@Component
public class UserDirectory {

    public record Listed(List<Account> accounts, long total) {
    }

    private final TenantScope tenantScope;
    private final JdbcTemplate jdbc;

    UserDirectory(TenantScope tenantScope, JdbcTemplate jdbc) {
        this.tenantScope = tenantScope;
        this.jdbc = jdbc;
    }

    /** Oldest invitation first. */
    public Listed list(TenantId tenantId, Paging paging) {
        return tenantScope.read(tenantId, () -> new Listed(
                jdbc.query("SELECT * FROM user_account WHERE tenant_id = ? ORDER BY invited_at, user_id"
                                + " LIMIT ? OFFSET ?", UserAccounts::account, tenantId.value(), paging.size(),
                        (long) paging.page() * paging.size()),
                jdbc.queryForObject("SELECT count(*) FROM user_account WHERE tenant_id = ?", Long.class,
                        tenantId.value())));
    }

    public Account get(TenantId tenantId, UserId userId) {
        return tenantScope.read(tenantId, () -> jdbc.query(
                "SELECT * FROM user_account WHERE tenant_id = ? AND user_id = ?", UserAccounts::account,
                tenantId.value(), userId.value())).stream().findFirst().orElseThrow(() -> new NotFound("user"));
    }

    /**
     * Who the given actor ids are, in at most two queries whatever their number (one for people, one for
     * tokens), as the request role: row-level security keeps both to the tenant, so another tenant's id
     * stays unknown. People are {@code user:<id>}; tokens are their bare id, named in the token read model.
     */
    public ActorNames names(TenantId tenantId, Collection<String> actorIds) {
        Set<String> users = new TreeSet<>();
        Set<String> tokens = new TreeSet<>();
        for (String id : actorIds) {
            if (id == null) {
                continue;
            }
            if (id.startsWith(ActorNames.USER_PREFIX) && isUuid(id.substring(ActorNames.USER_PREFIX.length()))) {
                users.add(id.substring(ActorNames.USER_PREFIX.length()));
            } else if (isUuid(id)) {
                tokens.add(id);
            }
        }
        if (users.isEmpty() && tokens.isEmpty()) {
            return new ActorNames(Map.of());
        }
        return tenantScope.read(tenantId, () -> {
            Map<String, ActorName> known = new HashMap<>();
            if (!users.isEmpty()) {
                jdbc.query("SELECT user_id, email, name FROM user_account WHERE tenant_id = ? AND user_id = ANY(?::uuid[])",
                        rs -> {
                            String id = ActorNames.USER_PREFIX + rs.getObject("user_id", UUID.class);
                            String email = rs.getString("email");
                            known.put(id, new ActorName(id, rs.getString("name"), email, email));
                        }, tenantId.value(), pgArray(users));
            }
            if (!tokens.isEmpty()) {
                jdbc.query("SELECT token_id, name, subject FROM api_token_view WHERE tenant_id = ?"
                                + " AND token_id = ANY(?::uuid[])",
                        rs -> {
                            String id = rs.getObject("token_id", UUID.class).toString();
                            String subject = rs.getString("subject");
                            known.put(id, new ActorName(id, rs.getString("name"),
                                    "API token" + (subject == null ? "" : " of " + subject), subject));
                        }, tenantId.value(), pgArray(tokens));
            }
            return new ActorNames(known);
        });
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String pgArray(Set<String> uuids) {
        return uuids.stream().collect(Collectors.joining(",", "{", "}"));
    }
}
