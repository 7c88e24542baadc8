package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.command.pricechange.preview.CopyBinary;
import dev.calibrate.command.pricing.compiled.OrderedBlocks;
import dev.calibrate.command.pricing.compiled.PreviewItem;
import dev.calibrate.kernel.priorprice.ItemPriorPrice;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A preview's items in PostgreSQL's binary COPY format ({@link CopyBinary}, the columns of
 * {@link #COLUMNS}), a block of rows at a time, so that blocks can be written while the next ones are
 * made and while PostgreSQL reads the previous ones. Each row starts with what the preview's rows
 * share (tenant, change, hash); its number ({@code seq}) is {@code first} plus its index in the list.
 * The first block starts with the format's header, the last ends with its trailer.
 */
final class PreviewRows {

    /** The columns of {@code price_change_item} a preview writes, in the order of each row's fields. */
    static final String COLUMNS = "tenant_id, price_change_id, preview_hash, seq, product_id, sku, currency, status, current_price, proposed_price, delta,"
            + " delta_percent, current_compare_at, proposed_compare_at, reasons, explain_inputs, channels, anomalies, prior_price";
    private static final int FIELDS = COLUMNS.split(",").length;
    private static final byte[] EMPTY_LIST = "[]".getBytes(StandardCharsets.UTF_8);

    private final byte[] shared;
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
        this.shared = new CopyBinary(100).uuid(tenantId.value()).uuid(id.value()).text(hash).toByteArray();
        this.first = first;
        this.items = items;
        this.channels = channels;
        this.mapper = mapper;
    }

    /** Rows per block: about 650 KB. */
    static final int BLOCK = 2_048;

    int size() {
        return items.size();
    }

    /**
     * Writes every row to {@code sink} in order, block by block, the next blocks made on other threads
     * while one is written ({@link OrderedBlocks}): a few blocks are held at once, never the whole
     * preview. A preview without items is one block: the header and the trailer. Returns the bytes written.
     */
    <E extends Exception> long writeTo(OrderedBlocks.Sink<E> sink) throws E {
        int blocks = Math.max(1, (items.size() + BLOCK - 1) / BLOCK);
        return OrderedBlocks.write(blocks, block -> block(block * BLOCK, Math.min((block + 1) * BLOCK, items.size())),
                sink);
    }

    /**
     * The rows {@code from} (inclusive) to {@code to} (exclusive), after the format's header when
     * {@code from} is the first and before its trailer when {@code to} is past the last.
     */
    byte[] block(int from, int to) {
        // about 325 bytes a row: room for a few longer SKUs and explains before the buffer would have to grow
        CopyBinary rows = new CopyBinary((to - from) * 340 + CopyBinary.HEADER.length + CopyBinary.TRAILER.length);
        if (from == 0) rows.raw(CopyBinary.HEADER);
        // a catalog shares one set per distinct list of channels: each is made once per block
        Map<Set<String>, byte[]> arrays = new IdentityHashMap<>();
        for (int seq = from; seq < to; seq++) {
            PreviewItem item = items.get(seq);
            rows.row(FIELDS).raw(shared).integer(first + seq).uuid(item.productId().value()).text(item.sku())
                    .text(item.currency()).text(item.status().name())
                    .numeric(item.currentPrice()).numeric(item.proposedPrice()).numeric(item.delta())
                    .numeric(item.deltaPercent()).numeric(item.currentCompareAt()).numeric(item.proposedCompareAt());
            if (item.reasons().isEmpty()) {
                rows.field(EMPTY_LIST);
            } else {
                rows.text(json(item.reasons()));
            }
            rows.text(item.inputs());
            Set<String> linked = channels.getOrDefault(item.productId(), Set.of());
            rows.field(arrays.computeIfAbsent(linked, set -> CopyBinary.textArray(set.stream().sorted().toList())));
            // most items have none: NULL
            rows.text(item.anomalies().isEmpty() ? null : json(item.anomalies()));
            // only with the prior-price rule on
            rows.text(item.priorPrice() == null ? null : json(stored(item.priorPrice())));
        }
        if (to == items.size()) rows.raw(CopyBinary.TRAILER);
        return rows.toByteArray();
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

    private String json(Object values) {
        try {
            return mapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of texts always serializes", e);
        }
    }
}
