package dev.calibrate.connectors.shopify.fake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeShopifySchemaCheckTest {

    @Test
    void a_document_that_fits_the_2026_07_schema_has_no_problems() {
        String document = """
                mutation UpdatePrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
                  productVariantsBulkUpdate(productId: $productId, variants: $variants) {
                    productVariants { id price compareAtPrice }
                    userErrors { code field message }
                  }
                }""";

        assertThat(GraphQlSchemaCheck.validate(document)).isEmpty();
    }

    @Test
    void unknown_fields_are_reported_with_their_position() {
        String document = "query {\n  products(first: 5) { nodes { id cost } }\n}";

        assertThat(GraphQlSchemaCheck.validate(document))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.message()).contains("cost").contains("Product");
                    assertThat(problem.line()).isEqualTo(2);
                    assertThat(problem.column()).isPositive();
                });
    }

    @Test
    void syntax_errors_are_problems_too() {
        assertThat(GraphQlSchemaCheck.validate("query { shop { name ")).singleElement()
                .satisfies(problem -> assertThat(problem.message()).containsIgnoringCase("syntax"));
    }

    @Test
    void fields_removed_in_2026_07_are_caught() {
        // ProductVariant.weight moved to inventoryItem.measurement in 2024-07; old samples still use it
        assertThat(GraphQlSchemaCheck.validate("{ productVariants(first: 1) { nodes { id weight } } }"))
                .singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("weight"));
    }

    @Test
    void assert_valid_names_every_problem() {
        assertThatThrownBy(() -> GraphQlSchemaCheck.assertValid("{ shop { nam currencyCod } }"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("nam")
                .hasMessageContaining("currencyCod");
    }
}
