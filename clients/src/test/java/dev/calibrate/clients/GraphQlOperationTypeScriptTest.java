package dev.calibrate.clients;

import graphql.schema.GraphQLSchema;
import org.junit.jupiter.api.Test;

import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The type of an operation is its exact selection against the schema; an operation that does not fit the schema,
 * or that this writer cannot type, fails the generation naming what and where.
 */
class GraphQlOperationTypeScriptTest {

    private static final GraphQLSchema SCHEMA = GraphQlOperations.schema(GraphQlTypeScript.schema());

    @Test
    void theTypeFollowsTheSelectionWithAliasesFragmentsMergedNullsListsAndTypename() {
        String typescript = write("""
                fragment Amount on Money { amount }
                query Cheapest($first: Int = 5, $query: String, $id: ID!) {
                  page: products(first: $first, query: $query) {
                    nodes {
                      __typename
                      sku
                      cost { ...Amount }
                      ... on Product { cost { currency } tags }
                      competitors { price { amount } }
                    }
                  }
                  one: product(id: $id) { sku }
                }""");

        assertThat(typescript).contains("""
                export type AmountFragment = {
                  amount: string;
                };
                """, """
                export type CheapestQueryVariables = {
                  first?: number | null;
                  query?: string | null;
                  id: string;
                };
                """, """
                export type CheapestQuery = {
                  page: {
                    nodes: Array<{
                      __typename: 'Product';
                      sku: string;
                      cost: {
                        amount: string;
                        currency: string;
                      } | null;
                      tags: Array<string>;
                      competitors: Array<{
                        price: {
                          amount: string;
                        };
                      }> | null;
                    }>;
                  };
                  one: {
                    sku: string;
                  } | null;
                };
                """);
        // the document to post holds the fragments it spreads, and only those
        assertThat(typescript).contains("export const CheapestDocument = `query Cheapest($first: Int = 5, ")
                .contains("fragment Amount on Money {")
                .contains("` as TypedDocument<CheapestQuery, CheapestQueryVariables>;");
    }

    @Test
    void aRequiredVariableWithADefaultMayBeLeftOutButNotNullAndJsonIsUnknown() {
        String typescript = write("""
                query Trail($entityId: String! = "x") { auditEntries(entityId: $entityId) { nodes { explain } } }""");

        assertThat(typescript).contains("  entityId?: string;\n", "      explain: unknown | null;\n");
    }

    @Test
    void anOperationThatNoLongerFitsTheSchemaFailsWithTheValidatorsErrorAndItsFile() {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("a.graphql", "query Fine { products { nodes { sku } } }\n");
        files.put("b.graphql", "# a comment on the last line must not swallow the next file\nquery Gone {\n"
                + "  products { nodes { price } } }\n# last");
        files.put("c.graphql", "query Other { products { nodes { title } } }");

        assertThatThrownBy(() -> GraphQlOperations.read(SCHEMA, files))
                .hasMessageContaining("do not fit the schema")
                .hasMessageContaining("'price'")
                .hasMessageContaining("b.graphql:3")
                .hasMessageNotContaining("Other");
    }

    @Test
    void anAnonymousOperationAMutationOrAConditionalFieldIsRefused() {
        assertThatThrownBy(() -> write("{ products { nodes { sku } } }")).hasMessageContaining("has no name");
        assertThatThrownBy(() -> write("mutation Change { products { nodes { sku } } }"))
                .hasMessageContaining("do not fit the schema");
        assertThatThrownBy(() -> write("query Maybe($with: Boolean!) { products { nodes { sku @include(if: $with) } } }"))
                .hasMessageContaining("@include");
        assertThatThrownBy(() -> write("query Broken { products { nodes { sku }"))
                .hasMessageContaining("does not parse");
    }

    @Test
    void theCommittedOperationsAreValidAndEachHasItsQueryVariablesAndDocument() {
        String typescript = GraphQlOperationTypeScript.write(SCHEMA,
                GraphQlOperations.read(SCHEMA, GraphQlOperations.files(ClientPaths.graphQlOperations())));

        for (String operation : new String[] {"ProductsPage", "PriceHistory", "PriceChangeWithItems", "AuditEntries",
                "Drifts", "PriceProvenance"}) {
            assertThat(typescript).contains("export type " + operation + "Query = {",
                    "export type " + operation + "QueryVariables = ", "export const " + operation + "Document = `");
        }
    }

    private static String write(String operations) {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("test.graphql", operations);
        return GraphQlOperationTypeScript.write(SCHEMA, GraphQlOperations.read(SCHEMA, files));
    }
}
