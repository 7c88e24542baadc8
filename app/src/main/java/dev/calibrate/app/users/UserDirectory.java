package dev.calibrate.app.users;

import dev.calibrate.app.security.people.UserAccounts;
import dev.calibrate.app.security.people.UserAccounts.Account;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.kernel.tenant.UserId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

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
}
