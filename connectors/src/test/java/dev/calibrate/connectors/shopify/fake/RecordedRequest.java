package dev.calibrate.connectors.shopify.fake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One GraphQL request a shop received, for assertions such as "the connector never sent more than
 * N requests" or "it backed off after being throttled".
 *
 * @param at                shop clock time the request arrived
 * @param apiVersion        the {@code YYYY-MM} version in the URL
 * @param operationName     operation name, or null for anonymous operations
 * @param rootFields        root field names of the operation, e.g. {@code [products]}
 * @param variables         variables sent
 * @param requestedCost     requested query cost (0 when the request never got that far)
 * @param httpStatus        HTTP status of the answer
 * @param outcome           what the fake did with it
 */
public record RecordedRequest(Instant at, String apiVersion, String operationName, List<String> rootFields,
                              Map<String, Object> variables, int requestedCost, int httpStatus, Outcome outcome) {

    /** What happened to a request. */
    public enum Outcome {
        /** Executed (it may still carry field errors or userErrors). */
        EXECUTED,
        /** Refused because the cost bucket held less than the requested cost. */
        THROTTLED,
        /** Refused because the requested cost exceeds the single-query maximum of 1000. */
        MAX_COST_EXCEEDED,
        /** The document or variables are invalid against the schema. */
        INVALID,
        /** Missing, wrong or expired access token. */
        UNAUTHORIZED,
        /** Answered by an injected fault ({@link FakeShop#failNext}). */
        FAULT,
        /** The body was not a JSON object with a {@code query}. */
        BAD_REQUEST
    }
}
