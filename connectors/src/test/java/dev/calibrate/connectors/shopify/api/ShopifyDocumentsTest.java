package dev.calibrate.connectors.shopify.api;

import dev.calibrate.connectors.shopify.fake.GraphQlSchemaCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every GraphQL document the connector sends lives in {@code shopify/graphql/} (the client loads
 * nothing else), and each must be valid against the real Admin API 2026-07 schema: a field Shopify
 * does not have, a wrong argument type or a missing variable fails here, not in a merchant's store.
 */
class ShopifyDocumentsTest {

    @Test
    void everyDocumentTheConnectorSendsIsValidForShopify() throws IOException, URISyntaxException {
        Path folder = Path.of(ShopifyGraphQl.class.getResource("/shopify/graphql").toURI());
        List<Path> documents;
        try (Stream<Path> files = Files.list(folder)) {
            documents = files.filter(f -> f.toString().endsWith(".graphql")).sorted().toList();
        }

        assertThat(documents).as("documents in shopify/graphql").hasSizeGreaterThanOrEqualTo(3);
        for (Path document : documents) {
            assertThat(GraphQlSchemaCheck.validate(Files.readString(document)))
                    .as("validation problems of %s", document.getFileName()).isEmpty();
        }
    }

    @Test
    void theCheckRejectsADocumentShopifyWouldRefuse() {
        assertThat(GraphQlSchemaCheck.validate("query { shop { name priceInDollars } }")).isNotEmpty();
        assertThat(GraphQlSchemaCheck.validate("mutation M($id: ID!) { productVariantsBulkUpdate(productId: $id) { userErrors { message } } }"))
                .isNotEmpty();
    }
}
