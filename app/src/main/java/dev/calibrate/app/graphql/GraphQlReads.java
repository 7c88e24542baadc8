package dev.calibrate.app.graphql;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * Every GraphQL read: in the caller's tenant scope, as REST reads, and with {@code SET LOCAL
 * statement_timeout} ({@code calibrate.graphql.statement-timeout}), since a cheap-looking document (a filter
 * with {@code first: 0}) can still make PostgreSQL scan. A cancelled statement answers {@code TIMEOUT}
 * ({@link GraphQlErrors}).
 */
@Component
public class GraphQlReads {

    private final TenantScope tenantScope;
    private final JdbcTemplate jdbc;
    private final long timeoutMillis;

    public GraphQlReads(TenantScope tenantScope, JdbcTemplate jdbc, GraphQlProperties settings) {
        this.tenantScope = tenantScope;
        this.jdbc = jdbc;
        this.timeoutMillis = Math.max(1, settings.statementTimeout().toMillis());
    }

    public <T> T read(Caller caller, Supplier<T> work) {
        return tenantScope.read(caller.tenantId(), () -> {
            jdbc.execute("SET LOCAL statement_timeout = " + timeoutMillis);
            return work.get();
        });
    }
}
