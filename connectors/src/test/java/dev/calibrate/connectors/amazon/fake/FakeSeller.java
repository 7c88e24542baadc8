package dev.calibrate.connectors.amazon.fake;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One seller account of the {@link FakeAmazon}: its Login with Amazon app credentials and refresh
 * token, its listings, its per-operation rate buckets, and the faults to inject into its next calls.
 */
public final class FakeSeller {

    private final String sellerId;
    private final String clientId = "amzn1.application-oa2-client." + UUID.randomUUID().toString().replace("-", "");
    private final String clientSecret = "amzn1.oa2-cs.v1." + UUID.randomUUID().toString().replace("-", "");
    private volatile String refreshToken = "Atzr|" + UUID.randomUUID();
    private volatile long tokenLifetimeSeconds = 3600;
    private final Map<String, FakeListing> listings = new ConcurrentHashMap<>();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> faults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private volatile boolean malformNext;

    FakeSeller(String sellerId) {
        this.sellerId = sellerId;
    }

    public String sellerId() {
        return sellerId;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String refreshToken() {
        return refreshToken;
    }

    /** The seller revoked the app's authorisation: LWA answers {@code invalid_grant} for the old refresh token. */
    public void revokeRefreshToken() {
        refreshToken = "Atzr|" + UUID.randomUUID();
    }

    /** How long the access tokens LWA gives from now on live (default 3600 s). */
    public void tokenLifetime(long seconds) {
        tokenLifetimeSeconds = seconds;
    }

    long tokenLifetimeSeconds() {
        return tokenLifetimeSeconds;
    }

    /** Access tokens LWA gave for this seller's refresh token. */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    void tokenIssued() {
        tokenRequests.incrementAndGet();
    }

    /** 429 QuotaExceeded answers the rate buckets gave (injected faults not counted). */
    public int throttled() {
        return throttled.get();
    }

    /** The next {@code times} SP-API calls of this seller answer {@code status} (500, 503 or 429). */
    public void failNext(int status, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(status);
        }
    }

    Integer nextFault() {
        return faults.poll();
    }

    /** The next 200 answer loses a required member, so the fake's own schema check must refuse to send it. */
    public void malformNextResponse() {
        malformNext = true;
    }

    boolean takeMalformNext() {
        boolean malform = malformNext;
        malformNext = false;
        return malform;
    }

    public void put(FakeListing listing) {
        listings.put(listing.sku(), listing);
    }

    public void remove(String sku) {
        listings.remove(sku);
    }

    public FakeListing listing(String sku) {
        return listings.get(sku);
    }

    /** Every listing, by SKU. */
    public Collection<FakeListing> listings() {
        return new TreeMap<>(listings).values();
    }

    /** The listings in {@code marketplaceId}, sorted by SKU (the order pages walk). */
    List<FakeListing> listedIn(String marketplaceId) {
        return new TreeMap<>(listings).values().stream().filter(l -> l.marketplaceIds().contains(marketplaceId)).toList();
    }

    /**
     * Adds {@code count} seeded listings, each in the first marketplace and in each other one with even
     * odds. Some are awkward, at fixed places so that a catalog of 10 or more has each kind: listing 5,
     * 15, 25... has no offer anywhere; 3, 23, 43... has no catalog title (only the listing's name); 1,
     * 51, 101... has neither a title nor a name (a sync must warn, not fail).
     */
    public List<FakeListing> generateCatalog(int count, List<String> marketplaceIds, long seed) {
        Random random = new Random(seed);
        String[] brands = {"Northwind", "Contoso", "Fabrikam", "Tailspin", "Wingtip"};
        String[] things = {"Enamel mug", "Trail bottle", "Camp stove", "Head torch", "Dry bag", "Tent peg set"};
        List<FakeListing> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sku = sellerId + "-SKU-" + String.format("%05d", i);
            String asin = "B0" + Long.toString(Math.abs(random.nextLong()), 36).toUpperCase().substring(0, 8);
            String brand = brands[random.nextInt(brands.length)];
            String thing = things[random.nextInt(things.length)] + " " + (i + 1);
            boolean untitled = i % 50 == 1;
            String catalogTitle = untitled || i % 20 == 3 ? null : brand + " " + thing;
            String itemName = untitled ? null : thing;
            List<String> in = new ArrayList<>();
            in.add(marketplaceIds.get(0));
            marketplaceIds.stream().skip(1).filter(m -> random.nextBoolean()).forEach(in::add);
            Map<String, BigDecimal> prices = new HashMap<>();
            if (i % 10 != 5) {
                in.forEach(m -> prices.put(m, BigDecimal.valueOf(500 + random.nextInt(19_500), 2)
                        .setScale(FakeAmazon.currencyDigits(m), RoundingMode.HALF_UP)));
            }
            FakeListing listing = new FakeListing(sku, asin, itemName, catalogTitle, brand, in, prices);
            put(listing);
            made.add(listing);
        }
        return made;
    }

    /** Takes a token of the operation's bucket (Amazon's usage plan); false when it is empty: answer 429. */
    boolean admit(String operation, double rate, double burst) {
        boolean admitted = buckets.computeIfAbsent(operation, op -> new Bucket(rate, burst)).take();
        if (!admitted) {
            throttled.incrementAndGet();
        }
        return admitted;
    }

    private static final class Bucket {
        private final double rate;
        private final double burst;
        private double tokens;
        private long at = System.nanoTime();

        Bucket(double rate, double burst) {
            this.rate = rate;
            this.burst = burst;
            this.tokens = burst;
        }

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - at) * rate / 1e9);
            at = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
