package dev.calibrate.command.product.price;

import dev.calibrate.command.product.ProductSnapshot;
import dev.calibrate.command.product.price.Provenance.Forgotten;
import dev.calibrate.command.product.price.Provenance.Observed;
import dev.calibrate.command.product.price.Provenance.RestoredBy;
import dev.calibrate.command.product.price.Provenance.SetBy;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A product remembers a bounded amount of its price history, however many changes it sees. */
class PriceMemoryTest {

    /** What a product's snapshot holds depends on these: a snapshot of another bound is another revision. */
    @Test
    void howMuchAProductKeepsOfItsPricesIsPartOfItsSnapshotsRevision() {
        assertThat(List.of(RecentWrites.KEPT, Provenance.LAYERS_KEPT))
                .as("raise ProductSnapshot.REVISION (now %s) with these", ProductSnapshot.REVISION)
                .containsExactly(64, 16);
    }

    @Test
    void changesOnTopOfEachOtherAreRolledBackInTurnToTheObservedPrice() {
        PriceChangeId summer = PriceChangeId.random();
        PriceChangeId clearance = PriceChangeId.random();
        Provenance observed = new Observed("shopify");

        SetBy both = SetBy.over(clearance, SetBy.over(summer, observed));

        assertThat(both.words()).isEqualTo("set by price change " + clearance);
        assertThat(both.rolledBack()).isEqualTo(new SetBy(summer, observed));
        assertThat(((SetBy) both.rolledBack()).rolledBack()).isEqualTo(observed);
        assertThat(both.observedSource()).isEqualTo("shopify");
    }

    @Test
    void onlySoManyLayersAreKeptAndBelowThemARollbackRestoresThePriceButNotItsSetter() {
        List<PriceChangeId> changes = new ArrayList<>();
        Provenance provenance = new Observed("shopify");
        for (int i = 0; i < Provenance.LAYERS_KEPT + 5; i++) {
            PriceChangeId change = PriceChangeId.random();
            changes.add(change);
            provenance = SetBy.over(change, provenance);
        }

        Provenance layer = provenance;
        for (int kept = 0; kept < Provenance.LAYERS_KEPT; kept++) {
            assertThat(layer).isInstanceOf(SetBy.class);
            assertThat(((SetBy) layer).change()).isEqualTo(changes.get(changes.size() - 1 - kept));
            if (kept < Provenance.LAYERS_KEPT - 1) {
                layer = ((SetBy) layer).rolledBack();
            }
        }
        PriceChangeId deepest = ((SetBy) layer).change();
        assertThat(((SetBy) layer).replaced()).isEqualTo(new Forgotten("shopify"));
        assertThat(((SetBy) layer).rolledBack()).isEqualTo(new RestoredBy(deepest, "shopify"));
        assertThat(((SetBy) layer).rolledBack().words()).isEqualTo("restored by the rollback of price change " + deepest);
    }

    @Test
    void onlyTheLastWritesAreRememberedAndARepeatedOneMovesToTheEnd() {
        RecentWrites writes = new RecentWrites();
        PriceChangeId first = PriceChangeId.random();
        PriceWriteOutcome written = new PriceWriteOutcome(PriceWriteResult.WRITTEN, null);
        writes.remember(first, RunKind.APPLY, "USD", written);
        for (int i = 1; i < RecentWrites.KEPT; i++) {
            writes.remember(PriceChangeId.random(), RunKind.APPLY, "USD", written);
        }
        assertThat(writes.earlier(first, RunKind.APPLY, "USD")).contains(written);
        assertThat(writes.earlier(first, RunKind.APPLY, "EUR")).isEmpty();
        assertThat(writes.earlier(first, RunKind.ROLLBACK, "USD")).isEmpty();

        writes.remember(PriceChangeId.random(), RunKind.APPLY, "USD", written);

        assertThat(writes.earlier(first, RunKind.APPLY, "USD")).isEmpty();
    }
}
