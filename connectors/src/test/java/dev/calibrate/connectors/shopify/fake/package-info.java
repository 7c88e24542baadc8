/**
 * A fake Shopify Admin API (GraphQL 2026-07) for connector and end-to-end tests, shipped in the
 * connectors test-jar. It runs real HTTP on 127.0.0.1 and behaves like Shopify wherever a client
 * could notice: see {@code shared/docs/CONNECTORS.md} for the behaviour it follows.
 *
 * <h2>Getting started</h2>
 * <pre>{@code
 * try (FakeShopify shopify = new FakeShopify()) {
 *     FakeShop shop = shopify.addShop("acme.myshopify.com", "shpat_test", "EUR");
 *     shop.generateCatalog(500, 3, 42);                 // seeded, realistic products
 *     // configure the app: base URL template = shopify.baseUrlTemplate(), token = "shpat_test",
 *     // webhook secret = FakeShopify.DEFAULT_CLIENT_SECRET (or call shopify.oauthApp(id, secret))
 *     ...
 *     assertThat(shopify.invalidDocuments()).isEmpty();  // every document was valid for Shopify
 *     assertThat(shopify.unsupported()).isEmpty();       // and the fake implemented all of it
 *     assertThat(shop.writes()).extracting(PriceWrite::price).containsOnly("24.99");
 * }
 * }</pre>
 *
 * <h2>What is where</h2>
 * <ul>
 *   <li>{@link dev.calibrate.connectors.shopify.fake.FakeShopify}: the server, shops, OAuth app,
 *       and what went wrong across shops (invalid documents, unsupported features).</li>
 *   <li>{@link dev.calibrate.connectors.shopify.fake.FakeShop}: one shop's catalog, tokens, rate
 *       limit, faults, webhook subscriptions, bulk operations, and the record of requests and writes.</li>
 *   <li>{@link dev.calibrate.connectors.shopify.fake.WebhookSender}: signed webhook deliveries to
 *       send, replay or tamper with; {@link dev.calibrate.connectors.shopify.fake.ShopifySignatures}
 *       for webhook and OAuth HMACs.</li>
 *   <li>{@link dev.calibrate.connectors.shopify.fake.GraphQlSchemaCheck}: validate any GraphQL
 *       document against the schema, without a server.</li>
 *   <li>{@link dev.calibrate.connectors.shopify.fake.CostBucket} and
 *       {@link dev.calibrate.connectors.shopify.fake.FakeClock}: Shopify's bucket math on a clock
 *       the test controls.</li>
 * </ul>
 *
 * <h2>Supported API</h2>
 * Queries {@code shop}, {@code products}, {@code productVariants}, {@code productsCount},
 * {@code product}, {@code productVariant}, {@code node}, {@code nodes}, {@code currentBulkOperation},
 * {@code bulkOperation}, {@code bulkOperations}, {@code webhookSubscriptions}; mutations
 * {@code productVariantsBulkUpdate}, {@code stagedUploadsCreate}, {@code bulkOperationRunQuery},
 * {@code bulkOperationRunMutation}, {@code bulkOperationCancel}, {@code webhookSubscriptionCreate},
 * {@code webhookSubscriptionDelete}. Search ({@code query:}) understands {@code field:value},
 * comparators, negation and quoted values for the usual product and variant fields. Anything else
 * is answered with a GraphQL error coded {@code FAKE_UNSUPPORTED} rather than a guess.
 *
 * <h2>Using it from another module</h2>
 * graphql-java is a test dependency of the connectors module and test scopes are not transitive:
 * a module using this package from the test-jar must declare {@code com.graphql-java:graphql-java}
 * (test scope) itself.
 */
package dev.calibrate.connectors.shopify.fake;
