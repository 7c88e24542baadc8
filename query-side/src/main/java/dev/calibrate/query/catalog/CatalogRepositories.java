package dev.calibrate.query.catalog;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

interface ProductViewRepository extends JpaRepository<ProductView, UUID> {
}

interface ProductPriceRepository extends JpaRepository<ProductPrice, ProductPrice.Key> {
    List<ProductPrice> findByProductIdOrderByCurrency(UUID productId);

    List<ProductPrice> findByProductIdInOrderByCurrency(Collection<UUID> productIds);
}

interface PriceHistoryRepository extends JpaRepository<PriceHistoryEntry, String> {
    List<PriceHistoryEntry> findByProductIdOrderByCurrencyAscValidFromAsc(UUID productId);
}
