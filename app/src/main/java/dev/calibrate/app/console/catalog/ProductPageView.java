package dev.calibrate.app.console.catalog;

import dev.calibrate.app.users.ActorNames;

import java.util.List;
import java.util.UUID;

/**
 * A product's page: what it is, its current prices and why, its price history (a chart and the
 * same in a table), competitor prices and its events. A section the caller may not read is null,
 * and the page says which permission shows it. {@code names} says who the actors the page names are
 * (the prices' authors, approvers and observers, the events' actors), read in one go.
 */
public record ProductPageView(UUID id, String sku, String title, String vendor, String productType, String tags,
                              boolean active, String cost, String createdAt, String updatedAt,
                              List<CurrentPrice> prices, List<PriceChart> charts, List<HistoryRow> history,
                              List<String> historyTruncated, List<CompetitorPrice> competitors, List<EventRow> events,
                              ActorNames names) {

    /** A current price and why it is what it is. */
    public record CurrentPrice(String currency, String amount, String compareAt, String since, String source,
                               Why why) {
    }

    /**
     * What set the price: the event (when audit or catalog reads reach it), and for a price change
     * its name, author, approver, rule and the step-by-step explain.
     */
    public record Why(String event, String setAt, String actor, UUID changeId, String changeName, String action,
                      String author, String approver, String rule, ExplainView explain) {
    }

    public record HistoryRow(String currency, String amount, String compareAt, String source, String from,
                             String to) {
    }

    public record CompetitorPrice(String name, String domain, String price, String observedAt, String age,
                                  boolean fresh, boolean inStock) {
    }

    public record EventRow(long sequence, String type, String at, String actor, String payload) {
    }
}
