package dev.calibrate.app.support;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on RFC 9457 problem responses, as clients see them. */
public final class ProblemAssertions {

    public static final String TYPE_BASE = "https://calibrate.dev/problems/";

    private ProblemAssertions() {
    }

    /**
     * An {@code application/problem+json} answer with this status; {@code type} is the last part of
     * Calibrate's problem type, or null for problems Spring MVC describes itself.
     */
    public static JsonNode assertProblem(Api.Response response, int status, String type) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.contentType()).as("content type").startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).as("status in the body").isEqualTo(status);
        if (type != null) {
            assertThat(problem.path("type").asText()).isEqualTo(TYPE_BASE + type);
        }
        return problem;
    }

    /** A 400 naming {@code field} both as the problem's {@code field} and among its {@code errors}. */
    public static JsonNode assertInvalidField(Api.Response response, String field) {
        JsonNode problem = assertProblem(response, 400, "invalid-input");
        assertThat(problem.path("field").asText()).as("field of %s", response.body()).isEqualTo(field);
        assertThat(problem.path("errors")).as("errors of %s", response.body())
                .extracting(e -> e.path("field").asText()).contains(field);
        return problem;
    }
}
