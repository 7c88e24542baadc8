package dev.calibrate.app.graphql;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.TenantScope;
import graphql.GraphQLContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * Every GraphQL read: in the caller's tenant scope, as REST reads, and with {@code SET LOCAL
 * statement_timeout} ({@code calibrate.graphql.statement-timeout}), since a cheap-looking document (a filter
 * with {@code first: 0}) can still make PostgreSQL scan. A cancelled statement answers {@code TIMEOUT}
 * ({@link GraphQlErrors}). Within a document's deadline ({@link DocumentDeadline}) the timeout is at most the
 * time left of it.
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

    /** A resolver's read: within its document's deadline ({@link DocumentDeadline}). */
    public <T> T read(Caller caller, Supplier<T> work) {
        return read(caller, DocumentDeadline.current(), work);
    }

    /** A batch loader's read for the document of {@code context}: its caller, within its deadline. */
    public <T> T read(GraphQLContext context, Supplier<T> work) {
        return read(GraphQlCaller.of(context), DocumentDeadline.of(context), work);
    }

    private <T> T read(Caller caller, Long deadline, Supplier<T> work) {
        // checked before the transaction too: past the deadline nothing is asked of PostgreSQL
        long timeout = deadline == null ? timeoutMillis
                : Math.min(timeoutMillis, DocumentDeadline.millisLeft(deadline));
        return tenantScope.read(caller.tenantId(), () -> {
            long left = deadline == null ? timeout : Math.min(timeout, DocumentDeadline.millisLeft(deadline));
            jdbc.execute("SET LOCAL statement_timeout = " + left);
            return work.get();
        });
    }
}
