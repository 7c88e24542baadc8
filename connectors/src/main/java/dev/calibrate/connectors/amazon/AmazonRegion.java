package dev.calibrate.connectors.amazon;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Selling Partner API regions, each with its endpoint and the marketplaces it serves (with the
 * currency their offers are priced in).
 */
public enum AmazonRegion {
    NA("https://sellingpartnerapi-na.amazon.com", Map.of(
            "ATVPDKIKX0DER", "USD", "A2EUQ1WTGCTBG2", "CAD", "A1AM78C64UM0Y8", "MXN", "A2Q3Y263D00KWC", "BRL")),
    EU("https://sellingpartnerapi-eu.amazon.com", Map.ofEntries(
            Map.entry("A1F83G8C2ARO7P", "GBP"), Map.entry("A1PA6795UKMFR9", "EUR"), Map.entry("A13V1IB3VIYZZH", "EUR"),
            Map.entry("APJ6JRA9NG5V4", "EUR"), Map.entry("A1RKKUPIHCS9HS", "EUR"), Map.entry("A1805IZSGTT6HS", "EUR"),
            Map.entry("AMEN7PMS3EDWL", "EUR"), Map.entry("A28R8C7NBKEWEA", "EUR"), Map.entry("A2NODRKZP88ZB9", "SEK"),
            Map.entry("A1C3SOZRARQ6R3", "PLN"), Map.entry("A33AVAJ2PDY3EV", "TRY"), Map.entry("A2VIGQ35RCS4UG", "AED"),
            Map.entry("A17E79C6D8DWNP", "SAR"), Map.entry("ARBP9OOSHTCHU", "EGP"), Map.entry("A21TJRUUN4KGV", "INR"),
            Map.entry("AE08WJ6YKNBMC", "ZAR"))),
    FE("https://sellingpartnerapi-fe.amazon.com", Map.of(
            "A1VC38T7YXB528", "JPY", "A39IBJ37TRP1C6", "AUD", "A19VAU5U5O7RUS", "SGD"));

    private final String endpoint;
    private final Map<String, String> currencies;

    AmazonRegion(String endpoint, Map<String, String> currencies) {
        this.endpoint = endpoint;
        this.currencies = currencies;
    }

    public String endpoint() {
        return endpoint;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean serves(String marketplaceId) {
        return currencies.containsKey(marketplaceId);
    }

    public String currency(String marketplaceId) {
        return currencies.get(marketplaceId);
    }

    public static Optional<AmazonRegion> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }
}
