package dev.calibrate.connectors.shopify.fake;

import java.util.List;
import java.util.Map;

/**
 * A request the fake rejected because real Shopify would have: its document does not parse or
 * validate against the 2026-07 schema, or its variables do not fit the declared types. A correct
 * connector produces none; assert {@code fake.invalidDocuments()} is empty after each test.
 *
 * @param shop      shop domain the request was sent to
 * @param document  the document text (for bulk operations, the inner query or mutation)
 * @param variables the variables sent with it (may be empty)
 * @param problems  what is wrong, one message per problem
 */
public record InvalidDocument(String shop, String document, Map<String, Object> variables, List<String> problems) {
}
