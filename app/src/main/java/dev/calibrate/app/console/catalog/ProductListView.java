package dev.calibrate.app.console.catalog;

import dev.calibrate.kernel.message.Paging;
import dev.calibrate.query.catalog.ProductReadApi.ProductPage;
import dev.calibrate.query.catalog.ProductReadApi.ProductSummary;

import java.util.List;
import java.util.UUID;

/** One page of the product list as the template shows it. */
public record ProductListView(List<Row> rows, int page, long total, long pages, String previousHref,
                              String nextHref) {

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
        long pages = Math.min(Math.max(1, (page.total() + page.size() - 1) / page.size()),
                Paging.MAX_OFFSET / page.size() + 1);
        return new ProductListView(rows, page.page(), page.total(), pages,
                page.page() > 0 ? search.href(page.page() - 1) : null,
                page.page() + 1 < pages ? search.href(page.page() + 1) : null);
    }

    static ProductListView empty() {
        return new ProductListView(List.of(), 0, 0, 1, null, null);
    }

    private static Row row(ProductSummary product) {
        return new Row(product.id(), "/console/products/" + product.id(), product.sku(), product.title(), product.vendor() == null ? "" : product.vendor(),
                String.join(", ", product.tags()), product.active(),
                product.prices().stream().map(p -> Display.money(p.amount(), p.currency())).toList());
    }
}
