package dev.calibrate.app.ratelimit;

import dev.calibrate.command.product.ingest.ProductQuota;
import dev.calibrate.command.product.ingest.StoredProducts;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The products quota ({@code calibrate.rate-limits.quotas.products}): asked by bulk creation
 * ({@link ProductQuota}) and, for an upsert of a product that has no event yet, before its aggregate
 * handles it. The count is the catalog read model's, so a bulk ingest can pass the quota by what the
 * projection has not counted yet (at most the chunks in flight); an update is never refused.
 */
@Component
class ProductQuotaCheck implements ProductQuota, MessageHandlerInterceptor<CommandMessage<?>> {

    private final TenantQuotas quotas;
    private final JdbcTemplate jdbc;
    private final StoredProducts stored;

    ProductQuotaCheck(TenantQuotas quotas, JdbcTemplate jdbc, StoredProducts stored) {
        this.quotas = quotas;
        this.jdbc = jdbc;
        this.stored = stored;
    }

    @Override
    public void admit(TenantId tenant, int creating) {
        long limit = quotas.of(tenant).products();
        if (limit == 0) {
            return;
        }
        long held = held(tenant);
        if (held + creating > limit) {
            throw new ProductQuotaReached(limit, held);
        }
    }

    @Override
    public long room(TenantId tenant) {
        long limit = quotas.of(tenant).products();
        return limit == 0 ? Long.MAX_VALUE : Math.max(0, limit - held(tenant));
    }

    @Override
    public Rejection refusal(TenantId tenant) {
        return new ProductQuotaReached(quotas.of(tenant).products(), held(tenant));
    }

    private long held(TenantId tenant) {
        List<Long> held = jdbc.queryForList("SELECT products FROM product_count WHERE tenant_id = ?", Long.class,
                tenant.value());
        return held.isEmpty() ? 0 : held.get(0);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof UpsertProduct upsert
                && quotas.of(upsert.tenantId()).products() > 0 && isNew(upsert)) {
            admit(upsert.tenantId(), 1);
        }
        return chain.proceed();
    }

    private boolean isNew(UpsertProduct upsert) {
        return stored.existing(List.of(upsert.productId().toString())).isEmpty();
    }

    static final class ProductQuotaReached extends Rejection {

        ProductQuotaReached(long limit, long held) {
            super("this tenant may hold " + limit + " products and holds " + held
                    + "; deactivating products does not free the quota, ask the operator for a larger one");
        }

        @Override
        public Kind kind() {
            return Kind.FORBIDDEN;
        }

        @Override
        public java.util.Map<String, Object> problemProperties() {
            return java.util.Map.of("quota", "products");
        }
    }
}
