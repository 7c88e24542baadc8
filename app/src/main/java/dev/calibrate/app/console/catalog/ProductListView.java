package dev.calibrate.app.console.catalog;

import dev.calibrate.kernel.message.Paging;
import dev.calibrate.query.catalog.ProductReadApi.ProductPage;
import dev.calibrate.query.catalog.ProductReadApi.ProductSummary;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One page of the product list as the template shows it. A search counts no further than 10,000
 * matches: then {@code totalExact} is false, {@code pages} is what the count reaches and the next
 * page is offered while pages come back full.
 */
public record ProductListView(List<Row> rows, int page, long total, boolean totalExact, long pages,
                              String previousHref, String nextHref) {

    /**
     * {@code href} is written here rather than as a template link: every {@code @{…}} link goes through
     * the resource chain's URL encoding, which looks for a static file of that path on the classpath,
     * and fifty of those cost more than the rest of the page.
     */
    public record Row(UUID id, String href, String sku, String title, String vendor, String tags, boolean active,
                      List<String> prices) {
    }

    static ProductListView of(ProductPage page, ProductSearch search) {
        List<Row> rows = page.items().stream().map(ProductListView::row).toList();
        // the list reads no further than Paging.MAX_OFFSET rows in; a narrower filter reaches the rest
        long reachable = Paging.MAX_OFFSET / page.size() + 1;
        long pages = Math.min(Math.max(1, (page.total() + page.size() - 1) / page.size()), reachable);
        boolean more = page.totalExact() ? page.page() + 1 < pages
                : rows.size() == page.size() && page.page() + 1 < reachable;
        return new ProductListView(rows, page.page(), page.total(), page.totalExact(), pages,
                page.page() > 0 ? search.href(page.page() - 1) : null, more ? search.href(page.page() + 1) : null);
    }

    static ProductListView empty() {
        return new ProductListView(List.of(), 0, 0, true, 1, null, null);
    }

    /** "1 product", "12 products", "more than 10,000 products". */
    public String count() {
        String number = String.format(Locale.ROOT, "%,d", total);
        if (!totalExact) {
            return "more than " + number + " products";
        }
        return total == 1 ? "1 product" : number + " products";
    }

    /** "Page 2 of 7", or "Page 2" when the count stopped before the end. */
    public String pageLabel() {
        return "Page " + (page + 1) + (totalExact ? " of " + pages : "");
    }

    private static Row row(ProductSummary product) {
        return new Row(product.id(), "/console/products/" + product.id(), product.sku(), product.title(), product.vendor() == null ? "" : product.vendor(),
                String.join(", ", product.tags()), product.active(),
                product.prices().stream().map(p -> Display.money(p.amount(), p.currency())).toList());
    }
}
