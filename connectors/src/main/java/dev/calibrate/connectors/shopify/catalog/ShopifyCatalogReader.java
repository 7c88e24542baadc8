package dev.calibrate.connectors.shopify.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl.ShopAccess;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads every variant of a shop with its product: page by page ({@code productVariants}, cursor
 * pagination) or, for large shops, with a bulk query operation whose JSONL result is downloaded and
 * joined. Calls go through {@link ShopifyGraphQl}, which paces them by the cost bucket and retries
 * throttled and failed ones.
 */
@Component
class ShopifyCatalogReader {

    private static final Logger log = LoggerFactory.getLogger(ShopifyCatalogReader.class);

    /**
     * Variants per page. Each costs 4 points (the variant, its product, its inventory item and that
     * item's unit cost), so a page asks 2 + 200 × 4 = 802 points: under Shopify's 1,000-point limit for a
     * single query, and small enough that a Standard shop's 2,000-point bucket holds two pages.
     */
    static final int PAGE_SIZE = 200;

    private final ShopifyGraphQl shopify;
    private final ShopifySettings settings;
    private final ObjectMapper json;
    private final HttpClient http;

    ShopifyCatalogReader(ShopifyGraphQl shopify, ShopifySettings settings, ObjectMapper json) {
        this.shopify = shopify;
        this.settings = settings;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The variants read, how many products they belong to, and what could not be read. */
    record Reading(List<ShopifyVariant> variants, int products, List<String> warnings) {
    }

    /*
     * Each method takes the shop's access as a supplier and asks it before every call: a long read
     * outlives an expiring OAuth token, and the supplier refreshes it when due.
     */

    /** How many products the shop has (exactly: no upper bound on the count). */
    int productsCount(Supplier<ShopAccess> access) {
        return shopify.execute(access.get(), "ProductsCount", Map.of()).path("productsCount").path("count").asInt();
    }

    /**
     * Page by page, 200 variants a page, or fewer when the shop's bucket cannot hold a page that size
     * (an app can be given less than a plan's bucket): the page shrinks to what fits and the read goes on.
     */
    Reading paged(Supplier<ShopAccess> access, BooleanSupplier stopping) {
        List<ShopifyVariant> variants = new ArrayList<>();
        Set<String> products = new HashSet<>();
        String after = null;
        int pageSize = PAGE_SIZE;
        boolean more = true;
        while (more) {
            if (stopping.getAsBoolean()) {
                throw new ShopifyIngest.IngestInterrupted();
            }
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", pageSize);
            variables.put("after", after);
            JsonNode page;
            try {
                page = shopify.execute(access.get(), "ProductVariants", variables).path("productVariants");
            } catch (ShopifyException e) {
                if (e.kind() != ShopifyException.Kind.EXCEEDS_BUCKET || e.fitting(pageSize) == 0) {
                    throw e;
                }
                log.info("{}: {}; reading pages of {} variants instead of {}", access.get().shop(), e.getMessage(),
                        e.fitting(pageSize), pageSize);
                pageSize = e.fitting(pageSize);
                continue;
            }
            for (JsonNode node : page.path("nodes")) {
                ShopifyVariant variant = ShopifyPayloads.variantFromGraphQl(node);
                variants.add(variant);
                products.add(variant.product().gid());
            }
            JsonNode pageInfo = page.path("pageInfo");
            more = pageInfo.path("hasNextPage").asBoolean(false);
            after = pageInfo.path("endCursor").asText(null);
            if (more && after == null) {
                throw new ShopifyIngest.IngestFailed("Shopify said there are more variants but gave no cursor to read them");
            }
        }
        return new Reading(variants, products.size(), List.of());
    }

    Reading bulk(Supplier<ShopAccess> access, BooleanSupplier stopping) {
        JsonNode operation = awaitCompletion(access, startBulkQuery(access), stopping);
        String url = operation.path("url").asText(null);
        if (url == null) {
            // a completed query with no result file: nothing matched (an empty shop)
            return new Reading(List.of(), 0, List.of());
        }
        BulkJsonl.Joined joined = download(url);
        return new Reading(joined.variants(), joined.products(), joined.warnings());
    }

    /**
     * Starts the bulk query and answers its id. Shopify runs one bulk query per app and shop: when one
     * is already running and it is this very query (an ingest interrupted by a restart started it), the
     * ingest takes it over; when it is another one, the ingest says so. One that finished between the two
     * calls no longer stands in the way: the query is started again, once.
     */
    private String startBulkQuery(Supplier<ShopAccess> access) {
        String query = shopify.document("BulkProducts");
        for (int attempt = 1; ; attempt++) {
            JsonNode run = shopify.execute(access.get(), "BulkProductsRun", Map.of("query", query))
                    .path("bulkOperationRunQuery");
            JsonNode userErrors = run.path("userErrors");
            if (userErrors.isEmpty()) {
                String id = run.path("bulkOperation").path("id").asText(null);
                if (id == null) {
                    throw new ShopifyIngest.IngestFailed("Shopify accepted the bulk query but named no bulk operation");
                }
                return id;
            }
            boolean inProgress = false;
            List<String> messages = new ArrayList<>();
            for (JsonNode error : userErrors) {
                inProgress |= "OPERATION_IN_PROGRESS".equals(error.path("code").asText());
                messages.add(error.path("message").asText(error.path("code").asText()));
            }
            if (!inProgress) {
                throw new ShopifyIngest.IngestFailed("Shopify refused the bulk query: " + String.join("; ", messages));
            }
            JsonNode current = shopify.execute(access.get(), "CurrentBulkOperation", Map.of()).path("currentBulkOperation");
            String status = current.path("status").asText();
            if (sameQuery(current.path("query").asText(), query) && current.hasNonNull("id")) {
                log.info("Shop {} is already running this ingest's bulk query {} ({}); taking it over", access.get().shop(),
                        current.path("id").asText(), status);
                return current.path("id").asText();
            }
            boolean stillRunning = status.equals("CREATED") || status.equals("RUNNING") || status.equals("CANCELING");
            if (stillRunning || attempt == 2) {
                throw new ShopifyIngest.IngestFailed("Shopify is already running another bulk query for this app ("
                        + current.path("id").asText("unknown id") + ", " + status + "); it runs one at a time per shop."
                        + " Ingest again when it has finished, or ingest with mode=paged");
            }
        }
    }

    private static boolean sameQuery(String a, String b) {
        return a.replaceAll("\\s+", " ").trim().equals(b.replaceAll("\\s+", " ").trim());
    }

    private JsonNode awaitCompletion(Supplier<ShopAccess> access, String id, BooleanSupplier stopping) {
        while (true) {
            if (stopping.getAsBoolean()) {
                throw new ShopifyIngest.IngestInterrupted();
            }
            try {
                Thread.sleep(settings.bulkPollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShopifyIngest.IngestInterrupted();
            }
            JsonNode operation = shopify.execute(access.get(), "BulkOperation", Map.of("id", id)).path("bulkOperation");
            String status = operation.path("status").asText();
            switch (status) {
                case "COMPLETED":
                    return operation;
                case "CREATED", "RUNNING":
                    continue;
                case "FAILED":
                    throw new ShopifyIngest.IngestFailed("the bulk query " + id + " failed at Shopify ("
                            + operation.path("errorCode").asText("no error code") + "); ingest again, or with mode=paged");
                case "CANCELING", "CANCELED":
                    throw new ShopifyIngest.IngestFailed("the bulk query " + id + " was canceled in Shopify; ingest again");
                case "EXPIRED":
                    throw new ShopifyIngest.IngestFailed("the result of bulk query " + id + " expired before it was read; ingest again");
                default:
                    throw new ShopifyIngest.IngestFailed(operation.isMissingNode() || operation.isNull()
                            ? "Shopify no longer knows bulk query " + id : "bulk query " + id + " is in an unknown state " + status);
            }
        }
    }

    /** The result URL is signed: a plain GET, without the access token. */
    private BulkJsonl.Joined download(String url) {
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(settings.requestTimeout()).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new ShopifyIngest.IngestFailed("could not download the bulk query's result: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShopifyIngest.IngestInterrupted();
        }
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw new ShopifyIngest.IngestFailed("downloading the bulk query's result answered HTTP " + response.statusCode());
            }
            BulkJsonl joined = new BulkJsonl();
            Iterator<String> each = lines.iterator();
            int number = 0;
            while (each.hasNext()) {
                String line = each.next();
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    joined.accept(json.readTree(line));
                } catch (IOException e) {
                    throw new ShopifyIngest.IngestFailed("line " + number + " of the bulk query's result is not JSON");
                }
            }
            return joined.joined();
        } catch (UncheckedIOException e) {
            throw new ShopifyIngest.IngestFailed("the download of the bulk query's result broke off: " + e.getCause().getMessage());
        }
    }
}
