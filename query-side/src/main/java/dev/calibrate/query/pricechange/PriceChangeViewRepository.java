package dev.calibrate.query.pricechange;

import dev.calibrate.kernel.pricechange.PriceChangeState;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

import java.util.UUID;

interface PriceChangeViewRepository extends JpaRepository<PriceChangeView, UUID> {
    Page<PriceChangeView> findByState(PriceChangeState state, Pageable pageable);
}
