package dev.calibrate.query.tenant;

import dev.calibrate.kernel.message.Paging;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Platform-admin reads of every tenant (not tenant-scoped: only the admin API uses it). */
@Component
public class TenantDirectory {

    private final TenantViewRepository tenants;
    private final ApiTokenViewRepository tokens;

    TenantDirectory(TenantViewRepository tenants, ApiTokenViewRepository tokens) {
        this.tenants = tenants;
        this.tokens = tokens;
    }

    @Transactional(readOnly = true)
    public Map<String, Object> list(int page, int size) {
        Paging paging = Paging.of(page, size);
        Page<TenantView> found = tenants.findAll(PageRequest.of(paging.page(), paging.size(),
                Sort.by("createdAt", "tenantId")));
        List<Map<String, Object>> items = found.getContent().stream().map(t -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", t.getTenantId());
            item.put("name", t.getName());
            item.put("defaultCurrency", t.getDefaultCurrency());
            item.put("createdAt", t.getCreatedAt());
            item.put("tokens", tokens.findByTenantIdOrderByIssuedAt(t.getTenantId()).stream().map(tok -> {
                Map<String, Object> token = new LinkedHashMap<>();
                token.put("id", tok.getTokenId());
                token.put("name", tok.getName());
                token.put("scopes", tok.getScopes());
                token.put("subject", tok.getSubject());
                token.put("issuedAt", tok.getIssuedAt());
                token.put("expiresAt", tok.getExpiresAt());
                token.put("revokedAt", tok.getRevokedAt());
                return token;
            }).toList());
            return item;
        }).toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("items", items);
        result.put("page", paging.page());
        result.put("size", paging.size());
        result.put("total", found.getTotalElements());
        return result;
    }
}
