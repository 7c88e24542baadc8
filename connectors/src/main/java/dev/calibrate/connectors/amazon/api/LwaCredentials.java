package dev.calibrate.connectors.amazon.api;

/** What Login with Amazon exchanges for an access token; never printed. */
public record LwaCredentials(String clientId, String clientSecret, String refreshToken) {
    @Override
    public String toString() {
        return "LwaCredentials[secrets hidden]";
    }
}
