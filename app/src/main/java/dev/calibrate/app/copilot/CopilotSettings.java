package dev.calibrate.app.copilot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The copilot ({@code calibrate.copilot.*}, docs/copilot.md).
 *
 * @param statementTimeout   a question's statement is cancelled after this long (at most the role's 5 s)
 * @param maxRows            rows an answer shows; one more read says it was truncated
 * @param maxValueBytes      a value longer than this (UTF-8 bytes) is cut to it and ends with
 *                           {@code …[cut]}
 * @param maxAnswerBytes     the answer stops reading rows before it would hold more than this, and says
 *                           it was truncated
 * @param questionsPerMinute questions one tenant may ask per minute on one node; more answer 429
 * @param maxInFlightPerTenant questions of one tenant answered at once on one node; more answer 429 with
 *                           {@code Retry-After: 1}
 * @param db                 the copilot's own connections
 * @param llm                the optional LLM translator (off unless its URL, key and model are all set)
 */
@ConfigurationProperties("calibrate.copilot")
public record CopilotSettings(@DefaultValue("5s") Duration statementTimeout,
                              @DefaultValue("1000") int maxRows,
                              @DefaultValue("4KB") DataSize maxValueBytes,
                              @DefaultValue("2MB") DataSize maxAnswerBytes,
                              @DefaultValue("30") int questionsPerMinute,
                              @DefaultValue("1") int maxInFlightPerTenant,
                              @DefaultValue Db db,
                              @DefaultValue Llm llm) {

    /** Refuses to start with a setting the copilot could not honour, rather than failing a question later. */
    public CopilotSettings {
        if (statementTimeout.isNegative() || statementTimeout.isZero() || statementTimeout.compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException("calibrate.copilot.statement-timeout must be more than 0 and at most "
                    + "5s (the copilot role's own limit), not " + statementTimeout);
        }
        atLeastOne("max-rows", maxRows);
        atLeastOne("questions-per-minute", questionsPerMinute);
        atLeastOne("max-in-flight-per-tenant", maxInFlightPerTenant);
    }

    /** The same settings with another statement timeout (a test that must see a statement stop soon). */
    public CopilotSettings withStatementTimeout(Duration timeout) {
        return new CopilotSettings(timeout, maxRows, maxValueBytes, maxAnswerBytes, questionsPerMinute,
                maxInFlightPerTenant, db, llm);
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("calibrate.copilot." + name + " must be at least 1, not " + value);
        }
    }

    /**
     * @param url                the JDBC URL; empty: the main datasource's
     * @param username           the copilot's login role (created by V25)
     * @param password           its password; empty: one is generated at each start (set on the role when
     *                           {@code manageRolePassword})
     * @param manageRolePassword set the role's password at start, through the migrations' (owner's)
     *                           connection; off when a DBA manages the role
     * @param poolSize           connections of the copilot's pool
     * @param connectionTimeout  a question waits at most this for one of them; then it answers 429 with
     *                           {@code Retry-After: 1}
     * @param socketTimeoutMargin the pool's JDBC {@code socketTimeout} is the statement timeout plus this:
     *                           a backend that does not answer by then (planning, which
     *                           {@code statement_timeout} does not interrupt) loses its connection, so no
     *                           request thread waits on it for longer
     */
    public record Db(@DefaultValue("") String url,
                     @DefaultValue("calibrate_copilot") String username,
                     @DefaultValue("") String password,
                     @DefaultValue("true") boolean manageRolePassword,
                     @DefaultValue("3") int poolSize,
                     @DefaultValue("1s") Duration connectionTimeout,
                     @DefaultValue("5s") Duration socketTimeoutMargin) {

        public Db {
            atLeastOne("db.pool-size", poolSize);
            if (connectionTimeout.toMillis() < 250) {
                throw new IllegalArgumentException("calibrate.copilot.db.connection-timeout must be at least 250ms "
                        + "(Hikari's least), not " + connectionTimeout);
            }
            if (socketTimeoutMargin.toMillis() < 1000) {
                throw new IllegalArgumentException("calibrate.copilot.db.socket-timeout-margin must be at least 1s "
                        + "(a statement must be able to end at its timeout and answer), not " + socketTimeoutMargin);
            }
        }

        /** A record's own toString would print the password wherever settings are logged. */
        @Override
        public String toString() {
            return "Db[url=" + url + ", username=" + username + ", password=" + (password.isBlank() ? "" : "******")
                    + ", manageRolePassword=" + manageRolePassword + ", poolSize=" + poolSize
                    + ", connectionTimeout=" + connectionTimeout + ", socketTimeoutMargin=" + socketTimeoutMargin + "]";
        }
    }

    /**
     * An OpenAI-compatible chat API that translates the questions the embedded translator does not
     * recognise. Off unless {@code baseUrl}, {@code apiKey} and {@code model} are all set.
     *
     * @param baseUrl   the API's base, up to and including its version ({@code https://api.openai.com/v1}):
     *                  {@code /chat/completions} is appended
     * @param apiKey    sent as a bearer token to that API and nowhere else (never logged, never in an event)
     * @param model     the model's name, as the API knows it; named in every answer and event it wrote
     * @param timeout   a question whose model has not answered within this is refused ({@code llm-unavailable})
     * @param maxTokens the most the model may write for one statement
     * @param temperature sent as the request's {@code temperature} (0 to 2); empty: not sent, for models that
     *                    accept only their default
     * @param tokenLimit  the request field {@code maxTokens} goes in: {@code max_tokens}, or
     *                    {@code max_completion_tokens} for models that refuse the older field
     */
    public record Llm(@DefaultValue("") String baseUrl,
                      @DefaultValue("") String apiKey,
                      @DefaultValue("") String model,
                      @DefaultValue("20s") Duration timeout,
                      @DefaultValue("1000") int maxTokens,
                      @DefaultValue("0") String temperature,
                      @DefaultValue("max-tokens") TokenLimit tokenLimit) {

        /** Which request field carries the token limit. */
        public enum TokenLimit { MAX_TOKENS, MAX_COMPLETION_TOKENS }

        public Llm {
            temperatureValue(temperature);
            if (tokenLimit == null) {
                throw new IllegalArgumentException("calibrate.copilot.llm.token-limit must be max-tokens or "
                        + "max-completion-tokens");
            }
            if (!baseUrl.isBlank() && !baseUrl.startsWith("https://") && !baseUrl.startsWith("http://")) {
                throw new IllegalArgumentException("calibrate.copilot.llm.base-url must be an absolute http(s) URL");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("calibrate.copilot.llm.timeout must be more than 0");
            }
            atLeastOne("llm.max-tokens", maxTokens);
        }

        /** The temperature to send, or null to send none (set empty). */
        public Double temperatureValue() {
            return temperatureValue(temperature);
        }

        private static Double temperatureValue(String temperature) {
            if (temperature == null || temperature.isBlank()) {
                return null;
            }
            try {
                double value = Double.parseDouble(temperature.trim());
                if (value >= 0 && value <= 2) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("calibrate.copilot.llm.temperature must be from 0 to 2, or empty");
        }

        public boolean configured() {
            return !baseUrl.isBlank() && !apiKey.isBlank() && !model.isBlank();
        }

        /** A record's own toString would print the key wherever settings are logged. */
        @Override
        public String toString() {
            return "Llm[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isBlank() ? "" : "******") + ", model=" + model
                    + ", timeout=" + timeout + ", maxTokens=" + maxTokens + ", temperature=" + temperature
                    + ", tokenLimit=" + tokenLimit + "]";
        }
    }
}
