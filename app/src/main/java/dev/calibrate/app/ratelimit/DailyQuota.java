package dev.calibrate.app.ratelimit;

/** What a tenant may do only so many times a UTC day. */
public enum DailyQuota {
    PRICE_CHANGES("price-changes", "price changes drafted"),
    COPILOT_QUESTIONS("copilot-questions", "copilot questions asked");

    private final String wireName;
    private final String counts;

    DailyQuota(String wireName, String counts) {
        this.wireName = wireName;
        this.counts = counts;
    }

    public String wireName() {
        return wireName;
    }

    String counts() {
        return counts;
    }
}
