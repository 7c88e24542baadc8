package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FakeShopifyBulkTest {

    private static final String BULK_QUERY = """
            mutation($query: String!) {
              bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { code field message } }
            }""";

    private static final String PRODUCTS_WITH_VARIANTS = """
            { products { edges { node { id title variants { edges { node { id sku price } } } } } } }""";

    private static final String STAGE = """
            mutation {
              stagedUploadsCreate(input: [{resource: BULK_MUTATION_VARIABLES, filename: "prices.jsonl",
                                           mimeType: "text/jsonl", httpMethod: POST}]) {
                stagedTargets { url resourceUrl parameters { name value } }
                userErrors { field message }
              }
            }""";

    private static final String BULK_MUTATION = """
            mutation($mutation: String!, $path: String!) {
              bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $path) {
                bulkOperation { id status } userErrors { code field message }
              }
            }""";

    private static final String POLL = """
            query($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount url partialDataUrl createdAt completedAt } }""";

    private static FakeShopify shopify;
    private FakeShop shop;
    private TestClient client;

    @BeforeAll
    static void start() {
        shopify = new FakeShopify();
    }

    @AfterAll
    static void stop() {
        shopify.close();
    }

    @BeforeEach
    void newShop(TestInfo test) {
        String name = test.getTestMethod().orElseThrow().getName().replace('_', '-');
        shop = shopify.addShop(name.substring(0, Math.min(40, name.length())) + ".myshopify.com", "shpat_" + name, "EUR");
        client = new TestClient(shop);
    }

    @Test
    void a_bulk_query_produces_jsonl_where_variants_follow_their_product_but_not_always_adjacently() {
        shop.generateCatalog(40, 3, 11);

        JsonNode started = client.graphQl(BULK_QUERY, Map.of("query", PRODUCTS_WITH_VARIANTS)).data().get("bulkOperationRunQuery");
        assertThat(started.get("userErrors")).isEmpty();
        assertThat(started.at("/bulkOperation/status").asText()).isEqualTo("CREATED");
        JsonNode done = awaitFinished(started.at("/bulkOperation/id").asText());

        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("objectCount").asText()).isEqualTo("160");
        assertThat(done.get("rootObjectCount").asText()).isEqualTo("40");
        List<JsonNode> lines = download(done.get("url").asText());
        assertThat(lines).hasSize(160);
        Map<String, Integer> positions = new HashMap<>();
        boolean someChildNotAdjacent = false;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            positions.put(line.get("id").asText(), i);
            if (line.has("__parentId")) {
                String parent = line.get("__parentId").asText();
                assertThat(positions).as("parent of line %d comes before it", i).containsKey(parent);
                JsonNode previous = lines.get(i - 1);
                boolean adjacent = previous.get("id").asText().equals(parent) || parent.equals(previous.path("__parentId").asText());
                someChildNotAdjacent |= !adjacent;
                assertThat(line.get("price").asText()).matches("\\d+\\.\\d{2}");
                assertThat(line.has("edges")).isFalse();
            } else {
                assertThat(line.get("id").asText()).startsWith("gid://shopify/Product/");
                assertThat(line.has("variants")).as("nested connections get their own lines").isFalse();
            }
        }
        assertThat(someChildNotAdjacent).isTrue();
    }

    @Test
    void only_one_bulk_query_runs_at_a_time_and_current_bulk_operation_shows_it() {
        shop.generateCatalog(3, 1, 2);
        shop.pauseBulkOperations();

        JsonNode first = client.graphQl(BULK_QUERY, Map.of("query", PRODUCTS_WITH_VARIANTS)).data().get("bulkOperationRunQuery");
        JsonNode second = client.graphQl(BULK_QUERY, Map.of("query", PRODUCTS_WITH_VARIANTS)).data().get("bulkOperationRunQuery");
        JsonNode current = client.graphQl("{ currentBulkOperation(type: QUERY) { id status url } }").data().get("currentBulkOperation");
        shop.resumeBulkOperations();

        assertThat(second.get("bulkOperation").isNull()).isTrue();
        assertThat(second.at("/userErrors/0/code").asText()).isEqualTo("OPERATION_IN_PROGRESS");
        assertThat(second.at("/userErrors/0/message").asText())
                .startsWith("A bulk query operation for this app and shop is already in progress");
        assertThat(current.get("id").asText()).isEqualTo(first.at("/bulkOperation/id").asText());
        assertThat(current.get("status").asText()).isEqualTo("CREATED");
        assertThat(current.get("url").isNull()).isTrue();
        assertThat(awaitFinished(current.get("id").asText()).get("status").asText()).isEqualTo("COMPLETED");
        JsonNode completed = client.graphQl("{ bulkOperations(first: 5, query: \"status:completed operation_type:query\") { nodes { id } } }")
                .data().at("/bulkOperations/nodes");
        assertThat(completed).extracting(node -> node.get("id").asText()).containsExactly(current.get("id").asText());
    }

    @Test
    void a_bulk_query_that_shopify_would_refuse_is_a_user_error_and_recorded() {
        JsonNode noId = client.graphQl(BULK_QUERY, Map.of("query",
                "{ products { edges { node { title variants { edges { node { id } } } } } } }")).data().get("bulkOperationRunQuery");
        JsonNode invalid = client.graphQl(BULK_QUERY, Map.of("query", "{ products { edges { node { nope } } } }"))
                .data().get("bulkOperationRunQuery");

        assertThat(noId.at("/userErrors/0/code").asText()).isEqualTo("INVALID");
        assertThat(noId.at("/userErrors/0/message").asText()).contains("must select the 'id' field");
        assertThat(invalid.at("/userErrors/0/message").asText()).contains("nope");
        assertThat(shopify.invalidDocuments()).filteredOn(d -> d.shop().equals(shop.domain())).hasSize(2);
    }

    @Test
    void a_staged_upload_feeds_a_bulk_mutation_that_applies_every_line() {
        FakeProduct hat = shop.addProduct("Hat", "10.00", "11.00");
        FakeProduct scarf = shop.addProduct("Scarf", "30.00");
        List<FakeVariant> hats = shop.variantsOf(hat.gid());
        String jsonl = line(hat.gid(), hats.get(0).gid(), "12.00") + "\n" + line(hat.gid(), hats.get(1).gid(), "-1") + "\n"
                + line(scarf.gid(), shop.variantsOf(scarf.gid()).get(0).gid(), "29.00") + "\n";

        String path = stageAndUpload(jsonl.getBytes(StandardCharsets.UTF_8));
        JsonNode started = client.graphQl(BULK_MUTATION, Map.of("mutation", FakeShopifyGraphQlTest.UPDATE, "path", path))
                .data().get("bulkOperationRunMutation");
        assertThat(started.get("userErrors")).isEmpty();
        JsonNode done = awaitFinished(started.at("/bulkOperation/id").asText());

        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        List<JsonNode> results = download(done.get("url").asText());
        assertThat(results).extracting(r -> r.get("__lineNumber").asInt()).containsExactly(0, 1, 2);
        assertThat(results.get(0).at("/data/productVariantsBulkUpdate/productVariants/0/price").asText()).isEqualTo("12.00");
        assertThat(results.get(1).at("/data/productVariantsBulkUpdate/userErrors/0/code").asText()).isEqualTo("GREATER_THAN_OR_EQUAL_TO");
        assertThat(shop.writes()).extracting(PriceWrite::price, PriceWrite::via).containsExactly(
                org.assertj.core.groups.Tuple.tuple("12.00", "bulkOperationRunMutation"),
                org.assertj.core.groups.Tuple.tuple("29.00", "bulkOperationRunMutation"));
    }

    @Test
    void a_held_answer_leaves_the_bulk_mutation_started_though_its_caller_never_hears_of_it_until_released() {
        FakeProduct scarf = shop.addProduct("Scarf", "30.00");
        String path = stageAndUpload((line(scarf.gid(), shop.variantsOf(scarf.gid()).get(0).gid(), "29.00") + "\n")
                .getBytes(StandardCharsets.UTF_8));
        shop.pauseBulkOperations().holdNextAnswerTo("bulkOperationRunMutation", Duration.ofMinutes(1));
        int requestsBefore = shop.requestCount();

        assertThatThrownBy(() -> client.graphQl(BULK_MUTATION, Map.of("mutation", FakeShopifyGraphQlTest.UPDATE,
                "path", path), Duration.ofMillis(500))).hasRootCauseInstanceOf(java.net.http.HttpTimeoutException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> shop.held() == 1);
        assertThat(shop.requestCount()).as("a held request is recorded when its answer leaves").isEqualTo(requestsBefore);
        JsonNode current = client.graphQl("{ currentBulkOperation(type: MUTATION) { id status } }").data()
                .get("currentBulkOperation");
        assertThat(current.get("status").asText()).isEqualTo("CREATED");
        // the hold was for the next such request only: this one is answered at once
        JsonNode busy = client.graphQl(BULK_MUTATION, Map.of("mutation", FakeShopifyGraphQlTest.UPDATE, "path", path),
                Duration.ofMillis(1500)).data().get("bulkOperationRunMutation");
        assertThat(busy.at("/userErrors/0/code").asText()).isEqualTo("OPERATION_IN_PROGRESS");

        shop.releaseHeldAnswers();
        await().atMost(Duration.ofSeconds(10)).until(() -> shop.held() == 0);
        assertThat(shop.requests()).extracting(RecordedRequest::rootFields)
                .filteredOn(fields -> fields.contains("bulkOperationRunMutation")).hasSize(2);
        shop.resumeBulkOperations();
        assertThat(awaitFinished(current.get("id").asText()).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(shop.writes()).extracting(PriceWrite::price).containsExactly("29.00");
    }

    @Test
    void staged_uploads_refuse_files_over_20_mb_and_unknown_paths() {
        byte[] tooLarge = new byte[(int) StagedUploads.MAX_BYTES + 1];
        java.util.Arrays.fill(tooLarge, (byte) 'x');

        JsonNode target = stage();
        TestClient.Answer upload = upload(target, tooLarge);
        JsonNode unknown = client.graphQl(BULK_MUTATION, Map.of("mutation", FakeShopifyGraphQlTest.UPDATE,
                "path", "tmp/1/bulk/unknown/prices.jsonl")).data().get("bulkOperationRunMutation");

        assertThat(upload.status()).isEqualTo(400);
        assertThat(upload.body()).contains("EntityTooLarge");
        assertThat(unknown.at("/userErrors/0/code").asText()).isEqualTo("NO_SUCH_FILE");
    }

    @Test
    void an_inner_mutation_that_does_not_validate_is_refused_and_recorded() {
        String path = stageAndUpload("{}\n".getBytes(StandardCharsets.UTF_8));

        JsonNode answer = client.graphQl(BULK_MUTATION, Map.of("mutation",
                "mutation { productVariantsBulkUpdate(productId: 1) { nope } }", "path", path)).data().get("bulkOperationRunMutation");

        assertThat(answer.at("/userErrors/0/code").asText()).isEqualTo("INVALID_MUTATION");
        assertThat(shopify.invalidDocuments()).anySatisfy(invalid -> assertThat(invalid.document()).contains("nope"));
    }

    @Test
    void a_failing_bulk_operation_reports_its_error_code_and_partial_data() {
        shop.generateCatalog(10, 1, 5);
        shop.failNextBulkOperation("INTERNAL_SERVER_ERROR");

        JsonNode started = client.graphQl(BULK_QUERY, Map.of("query", PRODUCTS_WITH_VARIANTS)).data().get("bulkOperationRunQuery");
        JsonNode done = awaitFinished(started.at("/bulkOperation/id").asText());

        assertThat(done.get("status").asText()).isEqualTo("FAILED");
        assertThat(done.get("errorCode").asText()).isEqualTo("INTERNAL_SERVER_ERROR");
        assertThat(done.get("url").isNull()).isTrue();
        assertThat(download(done.get("partialDataUrl").asText())).hasSize(10);
    }

    private static String line(String productGid, String variantGid, String price) {
        return "{\"productId\":\"" + productGid + "\",\"variants\":[{\"id\":\"" + variantGid + "\",\"price\":\"" + price + "\"}]}";
    }

    private JsonNode stage() {
        JsonNode staged = client.graphQl(STAGE).data().get("stagedUploadsCreate");
        assertThat(staged.get("userErrors")).isEmpty();
        return staged.at("/stagedTargets/0");
    }

    private String stageAndUpload(byte[] file) {
        JsonNode target = stage();
        TestClient.Answer upload = upload(target, file);
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        for (JsonNode parameter : target.get("parameters")) {
            if (parameter.get("name").asText().equals("key")) {
                return parameter.get("value").asText();
            }
        }
        throw new AssertionError("no key parameter in " + target);
    }

    /** A form upload as a connector sends it: every parameter, then the file. */
    private static TestClient.Answer upload(JsonNode target, byte[] file) {
        String boundary = "----calibrate" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (JsonNode parameter : target.get("parameters")) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + parameter.get("name").asText()
                    + "\"\r\n\r\n" + parameter.get("value").asText() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"prices.jsonl\"\r\n"
                + "Content-Type: text/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return TestClient.send(HttpRequest.newBuilder(URI.create(target.get("url").asText()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private JsonNode awaitFinished(String id) {
        return await("bulk operation " + id).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> client.graphQl(POLL, Map.of("id", id)).data().get("bulkOperation"),
                        operation -> !List.of("CREATED", "RUNNING", "CANCELING").contains(operation.get("status").asText()));
    }

    private static List<JsonNode> download(String url) {
        TestClient.Answer answer = TestClient.get(URI.create(url));
        assertThat(answer.status()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        answer.body().lines().forEach(line -> {
            try {
                lines.add(TestClient.JSON.readTree(line));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return lines;
    }
}
