package dev.calibrate.query.tenant;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.UUID;

interface TenantViewRepository extends JpaRepository<TenantView, UUID> {
}

interface ApiTokenViewRepository extends JpaRepository<ApiTokenView, UUID> {
    List<ApiTokenView> findByTenantIdOrderByIssuedAt(UUID tenantId);
}

interface TenantPolicyViewRepository extends JpaRepository<TenantPolicyView, UUID> {
}
