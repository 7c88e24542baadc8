package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.command.pricing.compiled.OrderedBlocks;
import dev.calibrate.command.pricing.compiled.PreviewItem;
import dev.calibrate.kernel.priorprice.ItemPriorPrice;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A preview's items as the CSV its COPY reads ({@link #COLUMNS}), a block of rows at a time, so that
 * blocks can be written while the next ones are made and while PostgreSQL reads the previous ones. Each
 * row starts with what the preview's rows share (tenant, change, hash); its number ({@code seq}) is
 * {@code first} plus its index in the list. Null is an unquoted empty field; text is quoted,
 * with its quotes doubled; amounts, ids and names never need quoting.
 */
final class PreviewRows {

    /** The columns of {@code price_change_item} a preview writes, in the order of each CSV row. */
    static final String COLUMNS = "tenant_id, price_change_id, preview_hash, seq, product_id, sku, currency, status, current_price, proposed_price, delta,"
            + " delta_percent, current_compare_at, proposed_compare_at, reasons, explain_inputs, channels, anomalies, prior_price";

    private final String shared;
    private final int first;
    private final List<PreviewItem> items;
    private final Map<ProductId, Set<String>> channels;
    private final ObjectMapper mapper;

    PreviewRows(TenantId tenantId, PriceChangeId id, String hash, int first, List<PreviewItem> items,
                Map<ProductId, Set<String>> channels, ObjectMapper mapper) {
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a preview hash is 64 hex digits, got " + hash);
        }
        // what every row of the preview shares, written out once
        this.shared = tenantId.value() + "," + id.value() + "," + hash + ",";
        this.first = first;
        this.items = items;
        this.channels = channels;
        this.mapper = mapper;
    }

    /** Rows per block: about 600 KB of CSV. */
    static final int BLOCK = 2_048;

    int size() {
        return items.size();
    }

    /**
     * Writes every row to {@code sink} in order, block by block, the next blocks made on other threads
     * while one is written ({@link OrderedBlocks}): a few blocks are held at once, never the whole
     * preview. Returns the bytes written.
     */
    <E extends Exception> long writeTo(OrderedBlocks.Sink<E> sink) throws E {
        int blocks = (items.size() + BLOCK - 1) / BLOCK;
        return OrderedBlocks.write(blocks, block -> block(block * BLOCK, Math.min((block + 1) * BLOCK, items.size())),
                sink);
    }

    /** The rows {@code from} (inclusive) to {@code to} (exclusive), encoded as UTF-8 CSV. */
    byte[] block(int from, int to) {
        StringBuilder csv = new StringBuilder((to - from) * 200);
        // a catalog shares one set per distinct list of channels: each is written out once per block
        Map<Set<String>, String> arrays = new IdentityHashMap<>();
        for (int seq = from; seq < to; seq++) {
            PreviewItem item = items.get(seq);
            csv.append(shared).append(first + seq).append(',').append(item.productId().value()).append(',');
            quoted(csv, item.sku()).append(',').append(item.currency()).append(',').append(item.status().name());
            amount(csv, item.currentPrice());
            amount(csv, item.proposedPrice());
            amount(csv, item.delta());
            amount(csv, item.deltaPercent());
            amount(csv, item.currentCompareAt());
            amount(csv, item.proposedCompareAt());
            csv.append(',');
            if (item.reasons().isEmpty()) {
                csv.append("[]");
            } else {
                quoted(csv, json(item.reasons()));
            }
            csv.append(',');
            quoted(csv, item.inputs()).append(',');
            Set<String> linked = channels.getOrDefault(item.productId(), Set.of());
            quoted(csv, arrays.computeIfAbsent(linked, PreviewRows::textArray)).append(',');
            // most items have none: NULL, an unquoted empty field
            if (!item.anomalies().isEmpty()) quoted(csv, json(item.anomalies()));
            csv.append(',');
            // only with the prior-price rule on
            if (item.priorPrice() != null) quoted(csv, json(stored(item.priorPrice())));
            csv.append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Amounts and instants as text, whatever the mapper's settings: the query side reads them back exactly. */
    private static Map<String, String> stored(ItemPriorPrice prior) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("amount", prior.amount().toPlainString());
        if (prior.reductionPercent() != null) json.put("reductionPercent", prior.reductionPercent().toPlainString());
        json.put("windowStart", prior.windowStart().toString());
        if (prior.historySince() != null) json.put("historySince", prior.historySince().toString());
        if (prior.campaignStart() != null) json.put("campaignStart", prior.campaignStart().toString());
        return json;
    }

    private static void amount(StringBuilder csv, BigDecimal value) {
        csv.append(',');
        if (value != null) csv.append(value.toPlainString());
    }

    /** Null as an unquoted empty field (SQL NULL), anything else quoted. */
    private static StringBuilder quoted(StringBuilder csv, String value) {
        if (value == null) return csv;
        csv.append('"');
        if (value.indexOf('"') < 0) {
            csv.append(value);
        } else {
            csv.append(value.replace("\"", "\"\""));
        }
        return csv.append('"');
    }

    /** A PostgreSQL array literal with every element quoted: {@code {"amazon","shopify"}}. */
    static String textArray(Set<String> values) {
        return values.stream().sorted()
                .map(v -> '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "{", "}"));
    }

    private String json(Object values) {
        try {
            return mapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of texts always serializes", e);
        }
    }
}
