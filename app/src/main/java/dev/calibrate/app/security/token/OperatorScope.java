package dev.calibrate.app.security.token;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an operator token may do. Operators run the platform, not a tenant's business, so no scope
 * here opens {@code /api/**} or {@code /admin/**}.
 */
public enum OperatorScope {
    /** Health details (every tenant's connections and processors), {@code /actuator/metrics} and {@code /actuator/prometheus}. */
    METRICS("metrics");

    private final String wireName;

    OperatorScope(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<OperatorScope> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
