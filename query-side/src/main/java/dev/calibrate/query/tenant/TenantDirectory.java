package dev.calibrate.query.tenant;

import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Optional;

/** Platform-admin reads of every tenant (not tenant-scoped: only the admin API uses it). */
@Component
public class TenantDirectory {

    /** A tenant with its tokens, oldest first. */
    public record Listed(TenantView tenant, List<ApiTokenView> tokens) {
    }

    private final TenantViewRepository tenants;
    private final ApiTokenViewRepository tokens;

    TenantDirectory(TenantViewRepository tenants, ApiTokenViewRepository tokens) {
        this.tenants = tenants;
        this.tokens = tokens;
    }

    /** Tenants oldest first; the views hold no lazy state, so they are read whole inside this transaction. */
    @Transactional(readOnly = true)
    public Page<Listed> list(Paging paging) {
        return tenants.findAll(PageRequest.of(paging.page(), paging.size(), Sort.by("createdAt", "tenantId")))
                .map(t -> new Listed(t, tokens.findByTenantIdOrderByIssuedAt(t.getTenantId())));
    }

    /** One tenant with its tokens, for the admin console's tenant page. */
    @Transactional(readOnly = true)
    public Optional<Listed> find(TenantId tenantId) {
        return tenants.findById(tenantId.value())
                .map(t -> new Listed(t, tokens.findByTenantIdOrderByIssuedAt(t.getTenantId())));
    }
}
