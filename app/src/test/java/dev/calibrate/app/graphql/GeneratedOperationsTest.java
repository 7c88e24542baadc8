package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The check GraphQlOperationsTest makes of an answer against a generated type fails on every kind of misfit. */
class GeneratedOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeneratedOperations GENERATED = GeneratedOperations.parse("""
            export type PageQuery = {
              page: {
                nodes: Array<{
                  __typename: 'Product';
                  sku: string;
                  vendor: string | null;
                  tags: Array<string>;
                  cost: {
                    amount: string;
                  } | null;
                  competitors: Array<{
                    fresh: boolean;
                    ageSeconds: number;
                  }> | null;
                  explain: unknown | null;
                }>;
              } | null;
            };

            export const PageDocument = `query Page { page: products { nodes { sku } } }` as TypedDocument<PageQuery, PageQueryVariables>;
            """);
    private static final String FITS = """
            {"page": {"nodes": [{"__typename": "Product", "sku": "A", "vendor": null, "tags": ["x"],
              "cost": {"amount": "1.00"}, "competitors": [{"fresh": true, "ageSeconds": 3}], "explain": {"any": 1}}]}}""";

    @Test
    void theTypeAndTheDocumentAreReadBackAndAFittingAnswerFits() {
        Set<String> answered = new HashSet<>();

        assertThat(GENERATED.documents()).containsEntry("Page", "query Page { page: products { nodes { sku } } }");
        assertThat(misfits(FITS, answered)).isEmpty();
        assertThat(answered).contains("/page/nodes[]/competitors[]/ageSeconds").doesNotContain("/page/nodes[]/vendor");
        assertThat(misfits("{\"page\": null}", new HashSet<>())).isEmpty();
        assertThat(GeneratedOperations.scalarPaths(GENERATED.answers().get("Page"), "")).hasSize(8)
                .contains("/page/nodes[]/tags[]", "/page/nodes[]/__typename");
    }

    @Test
    void eachMisfitIsNamedByItsPath() {
        assertThat(misfits(FITS.replace("\"sku\": \"A\", ", ""))).hasSize(2)
                .anySatisfy(misfit -> assertThat(misfit).startsWith("/page/nodes[] has the keys"))
                .contains("/page/nodes[]/sku is missing");
        assertThat(misfits(FITS.replace("\"explain\"", "\"extra\": 1, \"explain\""))).singleElement().asString()
                .contains("has the keys");
        assertThat(misfits(FITS.replace("\"sku\": \"A\"", "\"sku\": null")))
                .containsExactly("/page/nodes[]/sku is null, but its type is not nullable");
        assertThat(misfits(FITS.replace("\"ageSeconds\": 3", "\"ageSeconds\": \"3\""))).hasSize(1);
        assertThat(misfits(FITS.replace("\"Product\"", "\"PriceChange\""))).hasSize(1);
        assertThat(misfits(FITS.replace("\"tags\": [\"x\"]", "\"tags\": \"x\""))).hasSize(1);
        assertThat(misfits(FITS.replace("{\"amount\": \"1.00\"}", "\"1.00\""))).hasSize(1);
    }

    private static List<String> misfits(String answer) {
        return misfits(answer, new HashSet<>());
    }

    private static List<String> misfits(String answer, Set<String> answered) {
        try {
            JsonNode data = JSON.readTree(answer);
            return GeneratedOperations.misfits(GENERATED.answers().get("Page"), data, "", answered);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
