import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.catalog.CatalogColumnsOf;
import dev.calibrate.command.pricing.CompetitorObservations;
import dev.calibrate.command.pricing.compiled.CompiledRule;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.EvaluationResult;
import dev.calibrate.command.pricing.compiled.PreviewEvaluation;
import dev.calibrate.command.pricing.PricingEngine;
import dev.calibrate.command.pricing.Rule;
import dev.calibrate.command.pricing.Selector;
import dev.calibrate.command.pricing.Step;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantPolicy;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The preview's evaluation alone, in one JVM with no server: the bench's rule (tag and vendor selector,
 * percent, charm rounding, margin floor) over N products shaped like bench/pricechange_client.py's,
 * by the engine (explain text per item, hash over text) and by the compiled rule (inputs per item,
 * binary hash). Prints wall and process CPU time per run after warm-up runs.
 *
 * <pre>bench/preview-eval.sh [N=100000]</pre>
 */
public class PreviewEvalBench {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        TenantId tenant = new TenantId(new UUID(0, 14)); // fixed, so the hash can be compared between runs
        List<CatalogItem> catalog = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String sku = String.format("PC-%07d", i);
            catalog.add(new CatalogItem(ProductId.forSku(tenant, sku), sku, "Bench tee " + i,
                    List.of("Acme", "Bolt", "Core").get(i % 3), null, i % 10 != 0 ? List.of("summer", "tee") : List.of("winter"),
                    Set.of("shopify"), true, usd((5 + i % 20) + ".00"),
                    Map.of("USD", usd((15 + i % 80) + "." + String.format("%02d", i % 100))), Map.of(), null));
        }
        Rule rule = new Rule(new Selector.All(List.of(
                new Selector.Condition(Selector.Field.TAGS, Selector.Op.CONTAINS, List.of("summer")),
                new Selector.Condition(Selector.Field.VENDOR, Selector.Op.IN, List.of("Acme", "Bolt", "Core")))),
                List.of(new Step.Percent(new BigDecimal("-15")), new Step.Round(Step.RoundMode.CHARM, null, new BigDecimal("0.99")),
                        new Step.MinMargin(new BigDecimal("20"))), "USD", Rule.CompareAt.SET_TO_CURRENT);
        TenantPolicy policy = new TenantPolicy(new BigDecimal("30"), new BigDecimal("50"), Map.of(), Map.of(),
                new BigDecimal("10"), true, false);
        Instant now = Instant.now();
        // the columns a preview reads, as the tenant's catalog holds them; built once, as the catalog is
        CatalogColumns columns = CatalogColumnsOf.items(catalog);
        for (int run = 0; run < runs; run++) {
            long wall = System.nanoTime();
            long cpu = cpu();
            long allocated = allocated();
            EvaluationResult engine = new PricingEngine().evaluate(rule, policy, catalog, CompetitorObservations.none(), now);
            report("engine  ", run, engine.items().size(), wall, cpu, allocated);
            wall = System.nanoTime();
            cpu = cpu();
            allocated = allocated();
            PreviewEvaluation compiled = new CompiledRule(rule, policy, CompetitorObservations.none(), now, Deadline.NONE)
                    .evaluate(columns);
            report("compiled", run, compiled.items().size(), wall, cpu, allocated);
            if (run == runs - 1) System.out.println("compiled hash " + compiled.contentHash());
        }
    }

    private static void report(String what, int run, int items, long wall, long cpu, long allocated) {
        System.out.printf("%s run %d: %,d items, wall %,d ms, process CPU %,d ms (%.1f µs per item), allocated %,d MB%n",
                what, run, items, (System.nanoTime() - wall) / 1_000_000, (cpu() - cpu) / 1_000_000,
                (cpu() - cpu) / 1000.0 / items, (allocated() - allocated) >> 20);
    }

    /** Bytes allocated so far by the live threads (this one and the common pool's, which evaluate in parallel). */
    private static long allocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) total += Math.max(bytes, 0);
        return total;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }
}
