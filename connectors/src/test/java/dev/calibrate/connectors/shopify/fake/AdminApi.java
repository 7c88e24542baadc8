package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Admin API's root fields and objects for one shop, as {@link GqlObject}s for
 * {@link Execution} to project. Supported: {@code shop}, {@code products}, {@code productVariants},
 * {@code productsCount}, {@code product}, {@code productVariant}, {@code node(s)},
 * {@code currentBulkOperation}, {@code bulkOperation(s)}, {@code webhookSubscriptions}; mutations
 * {@code productVariantsBulkUpdate}, {@code stagedUploadsCreate}, {@code bulkOperationRunQuery},
 * {@code bulkOperationRunMutation}, {@code bulkOperationCancel}, {@code webhookSubscriptionCreate},
 * {@code webhookSubscriptionDelete}. Anything else answers {@code FAKE_UNSUPPORTED}.
 * Runs with the shop locked.
 */
final class AdminApi {

    private static final int MAX_INPUT_SIZE = 250;

    private final FakeShop shop;
    private final String apiVersion;
    private final Execution execution;
    private final String via;

    /**
     * @param via how price writes are recorded: {@code productVariantsBulkUpdate} for direct calls,
     *            {@code bulkOperationRunMutation} inside bulk mutations
     */
    AdminApi(FakeShop shop, String apiVersion, Execution execution, String via) {
        this.shop = shop;
        this.apiVersion = apiVersion;
        this.execution = execution;
        this.via = via;
    }

    /**
     * Runs one operation and returns {@code {data, errors?}}. Field errors null their root field
     * (or all of {@code data} when that field is non-null in the schema), as GraphQL does.
     */
    ObjectNode run(OperationDefinition operation) {
        boolean mutation = operation.getOperation() == OperationDefinition.Operation.MUTATION;
        GqlObject root = mutation ? mutationRoot() : queryRoot();
        GraphQLObjectType rootType = mutation ? GraphQlSchemaCheck.schema().getMutationType()
                : GraphQlSchemaCheck.schema().getQueryType();
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        ArrayNode errors = JsonNodeFactory.instance.arrayNode();
        boolean dataIsNull = false;
        for (Field field : execution.fields(operation.getSelectionSet(), root.typeName)) {
            String key = field.getAlias() != null ? field.getAlias() : field.getName();
            if (field.getName().equals("__typename")) {
                data.put(key, rootType.getName());
                continue;
            }
            try {
                Object value = root.get(field.getName(), execution.args(field));
                if (mutation) {
                    execution.charge(QueryCost.mutationCost(field, execution.args(field)));
                    data.set(key, execution.renderUncosted(value, field));
                } else {
                    data.set(key, execution.render(value, field, null));
                }
            } catch (FieldError e) {
                errors.add(error(e.getMessage(), field, key, e.extensions));
                data.putNull(key);
                dataIsNull |= nonNull(rootType, field);
            } catch (Unsupported e) {
                shop.server().recordUnsupported(shop, e.getMessage());
                errors.add(error(e.getMessage(), field, key, Map.of("code", "FAKE_UNSUPPORTED")));
                data.putNull(key);
                dataIsNull |= nonNull(rootType, field);
            }
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        if (!errors.isEmpty()) {
            result.set("errors", errors);
        }
        if (dataIsNull) {
            result.putNull("data");
        } else {
            result.set("data", data);
        }
        return result;
    }

    private static boolean nonNull(GraphQLObjectType rootType, Field field) {
        GraphQLFieldDefinition definition = rootType.getFieldDefinition(field.getName());
        return definition != null && definition.getType() instanceof GraphQLNonNull;
    }

    private static ObjectNode error(String message, Field field, String key, Map<String, Object> extensions) {
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("message", message);
        SourceLocation location = field.getSourceLocation();
        if (location != null) {
            error.putArray("locations").addObject().put("line", location.getLine()).put("column", location.getColumn());
        }
        error.putArray("path").add(key);
        if (!extensions.isEmpty()) {
            error.set("extensions", Json.MAPPER.valueToTree(extensions));
        }
        return error;
    }

    // ---------------------------------------------------------------- queries

    GqlObject queryRoot() {
        return GqlObject.free("QueryRoot")
                .resolve("shop", args -> shopObject())
                .resolve("products", args -> Connections.page("ProductConnection",
                        filter(shop.productsView(), args.string("query"), productFields()),
                        productSort(args), this::product, args))
                .resolve("productVariants", args -> Connections.page("ProductVariantConnection",
                        filter(shop.variantsView(), args.string("query"), variantFields()),
                        variantSort(args), this::variant, args))
                .resolve("productsCount", this::productsCount)
                .resolve("product", args -> shop.product(args.string("id")).map(this::product).orElse(null))
                .resolve("productVariant", args -> variantByGid(args.string("id")))
                .resolve("node", args -> node(args.string("id")))
                .resolve("nodes", args -> args.list("ids").stream().map(id -> node(String.valueOf(id))).toList())
                .resolve("currentBulkOperation", args -> {
                    FakeBulkOperation current = shop.bulk().current(args.has("type") ? args.string("type") : "QUERY");
                    return current == null ? null : bulkOperation(current);
                })
                .resolve("bulkOperation", args -> {
                    FakeBulkOperation operation = shop.bulk().find(Gids.parse(args.string("id"), "BulkOperation"));
                    return operation == null ? null : bulkOperation(operation);
                })
                .resolve("bulkOperations", this::bulkOperations)
                .resolve("webhookSubscriptions", this::webhookSubscriptions);
    }

    private GqlObject shopObject() {
        return GqlObject.of("Shop")
                .put("id", Gids.of("Shop", shop.legacyId()))
                .put("name", shop.name())
                .put("email", "owner@" + shop.domain())
                .put("contactEmail", "owner@" + shop.domain())
                .put("myshopifyDomain", shop.domain())
                .put("url", "https://" + shop.domain())
                .put("currencyCode", shop.currencyCode())
                .put("enabledPresentmentCurrencies", List.of(shop.currencyCode()))
                .put("ianaTimezone", shop.timezone().getId())
                .put("timezoneOffsetMinutes", shop.timezone().getRules().getOffset(shop.now()).getTotalSeconds() / 60);
    }

    private GqlObject product(FakeProduct product) {
        List<FakeVariant> variants = shop.variantsOf(product.legacyId());
        return GqlObject.of("Product")
                .put("id", product.gid())
                .put("legacyResourceId", String.valueOf(product.legacyId()))
                .put("title", product.title())
                .put("handle", product.handle())
                .put("vendor", product.vendor())
                .put("productType", product.productType())
                .put("tags", product.tags())
                .put("status", product.status())
                .put("createdAt", product.createdAt().toString())
                .put("updatedAt", product.updatedAt().toString())
                .put("hasOnlyDefaultVariant", variants.size() == 1 && variants.get(0).title().equals("Default Title"))
                .put("variantsCount", count(variants.size(), "EXACT"))
                .resolve("variants", args -> Connections.page("ProductVariantConnection", variants,
                        "ID".equals(args.string("sortKey"))
                                ? Connections.Sort.byId(FakeVariant::legacyId)
                                : Connections.Sort.by(v -> String.format("%06d", v.position()), FakeVariant::legacyId),
                        this::variant, args));
    }

    private GqlObject variant(FakeVariant variant) {
        FakeProduct product = shop.product(variant.productLegacyId());
        return GqlObject.of("ProductVariant")
                .put("id", variant.gid())
                .put("legacyResourceId", String.valueOf(variant.legacyId()))
                .put("title", variant.title())
                .put("displayName", product.title() + " - " + variant.title())
                .put("sku", variant.sku())
                .put("barcode", null)
                .put("position", variant.position())
                .put("price", variant.price())
                .put("compareAtPrice", variant.compareAtPrice())
                .put("createdAt", variant.createdAt().toString())
                .put("updatedAt", variant.updatedAt().toString())
                .resolve("product", args -> product(product))
                .resolve("inventoryItem", args -> GqlObject.of("InventoryItem")
                        .put("id", variant.inventoryItemGid())
                        .put("legacyResourceId", String.valueOf(variant.inventoryItemId()))
                        .put("sku", variant.sku())
                        .put("tracked", true)
                        .put("unitCost", variant.unitCost() == null ? null
                                : GqlObject.money(variant.unitCost(), shop.currencyCode())));
    }

    private GqlObject variantByGid(String gid) {
        FakeVariant variant = shop.variantOrNull(Gids.parse(gid, "ProductVariant"));
        return variant == null ? null : variant(variant);
    }

    private GqlObject node(String gid) {
        String type = Gids.type(gid);
        if (type == null) {
            throw new FieldError("Invalid global id '" + gid + "'", "argumentLiteralsIncompatible");
        }
        return switch (type) {
            case "Product" -> shop.product(gid).map(this::product).orElse(null);
            case "ProductVariant" -> variantByGid(gid);
            case "BulkOperation" -> {
                FakeBulkOperation operation = shop.bulk().find(Gids.parse(gid, "BulkOperation"));
                yield operation == null ? null : bulkOperation(operation);
            }
            case "WebhookSubscription" -> {
                FakeWebhookSubscription subscription = shop.subscription(Gids.parse(gid, "WebhookSubscription"));
                yield subscription == null ? null : webhookSubscription(subscription);
            }
            default -> throw new Unsupported("node(id:) for " + type);
        };
    }

    private static GqlObject count(long count, String precision) {
        return GqlObject.of("Count").put("count", count).put("precision", precision);
    }

    private GqlObject productsCount(GqlObject.Args args) {
        long count = filter(shop.productsView(), args.string("query"), productFields()).size();
        // Shopify counts up to `limit` (default 10000) and says AT_LEAST beyond it
        Object limit = args.values().containsKey("limit") ? args.raw("limit") : 10_000;
        if (limit != null && count > ((Number) limit).longValue()) {
            return count(((Number) limit).longValue(), "AT_LEAST");
        }
        return count(count, "EXACT");
    }

    private <T> Collection<T> filter(Collection<T> items, String query, Map<String, Function<T, List<Object>>> fields) {
        if (query == null || query.isBlank()) {
            return items;
        }
        SearchQuery<T> search = SearchQuery.parse(query, SearchQuery.Fields.of(fields), shop.now());
        return items.stream().filter(search).toList();
    }

    private Map<String, Function<FakeProduct, List<Object>>> productFields() {
        return Map.of(
                "id", p -> List.of(p.legacyId()),
                "title", p -> List.of(p.title()),
                "handle", p -> List.of(p.handle()),
                "vendor", p -> List.of(p.vendor()),
                "product_type", p -> List.of(p.productType()),
                "status", p -> List.of(p.status()),
                "tag", p -> List.copyOf(p.tags()),
                "sku", p -> shop.variantsOf(p.legacyId()).stream().map(v -> (Object) Objects.toString(v.sku(), "")).toList(),
                "updated_at", p -> List.of(p.updatedAt()),
                "created_at", p -> List.of(p.createdAt()));
    }

    private Map<String, Function<FakeVariant, List<Object>>> variantFields() {
        return Map.of(
                "id", v -> List.of(v.legacyId()),
                "product_id", v -> List.of(v.productLegacyId()),
                "sku", v -> List.of(Objects.toString(v.sku(), "")),
                "title", v -> List.of(v.title()),
                "product_status", v -> List.of(shop.product(v.productLegacyId()).status()),
                "updated_at", v -> List.of(v.updatedAt()),
                "created_at", v -> List.of(v.createdAt()));
    }

    private Connections.Sort<FakeProduct> productSort(GqlObject.Args args) {
        String key = args.has("sortKey") ? args.string("sortKey") : "ID";
        Connections.Sort<FakeProduct> sort = switch (key) {
            case "ID" -> Connections.Sort.byId(FakeProduct::legacyId);
            case "UPDATED_AT" -> Connections.Sort.by(p -> p.updatedAt().toString(), FakeProduct::legacyId);
            case "CREATED_AT" -> Connections.Sort.by(p -> p.createdAt().toString(), FakeProduct::legacyId);
            case "TITLE" -> Connections.Sort.by(FakeProduct::title, FakeProduct::legacyId);
            default -> throw new Unsupported("products(sortKey: " + key + ")");
        };
        return sort.reversed(args.bool("reverse", false));
    }

    private Connections.Sort<FakeVariant> variantSort(GqlObject.Args args) {
        String key = args.has("sortKey") ? args.string("sortKey") : "ID";
        Connections.Sort<FakeVariant> sort = switch (key) {
            case "ID" -> Connections.Sort.byId(FakeVariant::legacyId);
            case "SKU" -> Connections.Sort.by(v -> Objects.toString(v.sku(), ""), FakeVariant::legacyId);
            default -> throw new Unsupported("productVariants(sortKey: " + key + ")");
        };
        return sort.reversed(args.bool("reverse", false));
    }

    private GqlObject bulkOperation(FakeBulkOperation operation) {
        return GqlObject.of("BulkOperation")
                .put("id", operation.gid())
                .put("type", operation.type())
                .put("status", operation.status())
                .put("errorCode", operation.errorCode())
                .put("query", operation.query())
                .put("objectCount", String.valueOf(operation.objectCount()))
                .put("rootObjectCount", String.valueOf(operation.rootObjectCount()))
                .put("fileSize", operation.fileSize() == null ? null : String.valueOf(operation.fileSize()))
                .put("url", operation.url())
                .put("partialDataUrl", operation.partialDataUrl())
                .put("createdAt", operation.createdAt().toString())
                .put("completedAt", operation.completedAt() == null ? null : operation.completedAt().toString());
    }

    private GqlObject bulkOperations(GqlObject.Args args) {
        Map<String, Function<FakeBulkOperation, List<Object>>> fields = Map.of(
                "status", op -> List.of(op.status()),
                "operation_type", op -> List.of(op.type()),
                "id", op -> List.of(op.legacyId()),
                "created_at", op -> List.of(op.createdAt()));
        Collection<FakeBulkOperation> operations = filter(shop.bulkOperations(), args.string("query"), fields);
        String key = args.has("sortKey") ? args.string("sortKey") : "CREATED_AT";
        Connections.Sort<FakeBulkOperation> sort = key.equals("COMPLETED_AT")
                ? Connections.Sort.by(op -> Objects.toString(op.completedAt(), ""), FakeBulkOperation::legacyId)
                : Connections.Sort.by(op -> op.createdAt().toString(), FakeBulkOperation::legacyId);
        // newest first unless reversed, as the API documents
        return Connections.page("BulkOperationConnection", operations, sort.reversed(!args.bool("reverse", false)),
                this::bulkOperation, args);
    }

    private GqlObject webhookSubscription(FakeWebhookSubscription subscription) {
        boolean http = subscription.uri().startsWith("http");
        return GqlObject.of("WebhookSubscription")
                .put("id", subscription.gid())
                .put("legacyResourceId", String.valueOf(subscription.legacyId()))
                .put("topic", subscription.topic())
                .put("uri", subscription.uri())
                .put("callbackUrl", http ? subscription.uri() : null)
                .put("format", subscription.format())
                .put("includeFields", subscription.includeFields())
                .put("metafieldNamespaces", List.of())
                .put("filter", subscription.filter())
                .put("name", null)
                .put("createdAt", subscription.createdAt().toString())
                .put("updatedAt", subscription.createdAt().toString())
                .put("apiVersion", GqlObject.of("ApiVersion").put("handle", subscription.apiVersion())
                        .put("displayName", subscription.apiVersion()).put("supported", true))
                .put("endpoint", http ? GqlObject.of("WebhookHttpEndpoint").put("callbackUrl", subscription.uri()) : null);
    }

    private GqlObject webhookSubscriptions(GqlObject.Args args) {
        List<Object> topics = args.list("topics");
        String uri = args.has("uri") ? args.string("uri") : args.string("callbackUrl");
        List<FakeWebhookSubscription> subscriptions = shop.webhookSubscriptions().stream()
                .filter(s -> topics == null || topics.contains(s.topic()))
                .filter(s -> uri == null || uri.equals(s.uri()))
                .filter(s -> !args.has("format") || args.string("format").equals(s.format()))
                .toList();
        return Connections.page("WebhookSubscriptionConnection", subscriptions,
                Connections.Sort.byId(FakeWebhookSubscription::legacyId).reversed(args.bool("reverse", false)),
                this::webhookSubscription, args);
    }

    // ---------------------------------------------------------------- mutations

    GqlObject mutationRoot() {
        return GqlObject.free("Mutation")
                .resolve("productVariantsBulkUpdate", this::productVariantsBulkUpdate)
                .resolve("stagedUploadsCreate", this::stagedUploadsCreate)
                .resolve("bulkOperationRunQuery", this::bulkOperationRunQuery)
                .resolve("bulkOperationRunMutation", this::bulkOperationRunMutation)
                .resolve("bulkOperationCancel", this::bulkOperationCancel)
                .resolve("webhookSubscriptionCreate", this::webhookSubscriptionCreate)
                .resolve("webhookSubscriptionDelete", this::webhookSubscriptionDelete);
    }

    private GqlObject productVariantsBulkUpdate(GqlObject.Args args) {
        List<Object> inputs = args.list("variants");
        if (inputs.size() > MAX_INPUT_SIZE) {
            throw new FieldError("The input array size of " + inputs.size()
                    + " is greater than the maximum allowed of " + MAX_INPUT_SIZE + ".", "MAX_INPUT_SIZE_EXCEEDED");
        }
        if (args.has("media")) {
            throw new Unsupported("productVariantsBulkUpdate(media:)");
        }
        FakeShop.BulkUpdateResult result = shop.bulkUpdateVariants(args.string("productId"), inputs,
                args.bool("allowPartialUpdates", false), via);
        List<GqlObject> userErrors = result.userErrors().stream()
                .map(e -> GqlObject.userError("ProductVariantsBulkUpdateUserError", e.code(), e.field(), e.message()))
                .toList();
        return GqlObject.of("ProductVariantsBulkUpdatePayload")
                .put("product", result.product() == null ? null : product(result.product()))
                .put("productVariants", result.updated().isEmpty() ? null
                        : result.updated().stream().map(this::variant).toList())
                .put("userErrors", userErrors);
    }

    private GqlObject stagedUploadsCreate(GqlObject.Args args) {
        List<GqlObject> targets = new ArrayList<>();
        List<GqlObject> userErrors = new ArrayList<>();
        List<Object> inputs = args.list("input");
        for (int i = 0; i < inputs.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> input = (Map<String, Object>) inputs.get(i);
            String resource = String.valueOf(input.get("resource"));
            if (!resource.equals("BULK_MUTATION_VARIABLES")) {
                throw new Unsupported("stagedUploadsCreate for resource " + resource);
            }
            String method = input.get("httpMethod") == null ? "PUT" : input.get("httpMethod").toString();
            if (!method.equals("POST")) {
                throw new Unsupported("stagedUploadsCreate with httpMethod " + method + " (use POST, as Shopify's bulk import guide does)");
            }
            Object fileSize = input.get("fileSize");
            if (fileSize != null && Long.parseLong(fileSize.toString()) > StagedUploads.MAX_BYTES) {
                userErrors.add(GqlObject.userError("UserError", null, List.of("input", String.valueOf(i), "fileSize"),
                        "File size must be less than or equal to 20 MB"));
                continue;
            }
            StagedUploads.Target target = shop.server().stagedUploads().create(shop,
                    String.valueOf(input.get("filename")), String.valueOf(input.get("mimeType")));
            targets.add(GqlObject.of("StagedMediaUploadTarget")
                    .put("url", target.url())
                    .put("resourceUrl", null)
                    .put("parameters", target.parameters().stream()
                            .map(p -> GqlObject.of("StagedUploadParameter").put("name", p.getKey()).put("value", p.getValue()))
                            .toList()));
        }
        return GqlObject.of("StagedUploadsCreatePayload")
                .put("stagedTargets", targets)
                .put("userErrors", userErrors);
    }

    private GqlObject bulkOperationRunQuery(GqlObject.Args args) {
        String query = args.string("query");
        GraphQlSchemaCheck.CheckedDocument checked = GraphQlSchemaCheck.check(query);
        List<String> problems = checked.problems().stream().map(Object::toString).toList();
        OperationDefinition definition = null;
        if (problems.isEmpty()) {
            definition = checked.document().getDefinitionsOfType(OperationDefinition.class).get(0);
            problems = BulkQuery.problems(definition);
        }
        if (!problems.isEmpty()) {
            shop.server().recordInvalid(shop, query, Map.of(), problems);
            return bulkPayload("BulkOperationRunQueryPayload", "BulkOperationUserError", null, "INVALID",
                    List.of("query"), "Invalid bulk query: " + String.join("; ", problems));
        }
        FakeBulkOperation running = shop.bulk().inProgress("QUERY");
        if (running != null) {
            return bulkPayload("BulkOperationRunQueryPayload", "BulkOperationUserError", null, "OPERATION_IN_PROGRESS",
                    null, "A bulk query operation for this app and shop is already in progress: " + running.gid() + ".");
        }
        FakeBulkOperation started = shop.bulk().startQuery(query, checked.document(), definition, apiVersion);
        return bulkPayload("BulkOperationRunQueryPayload", "BulkOperationUserError", started, null, null, null);
    }

    private GqlObject bulkOperationRunMutation(GqlObject.Args args) {
        String mutation = args.string("mutation");
        GraphQlSchemaCheck.CheckedDocument checked = GraphQlSchemaCheck.check(mutation);
        List<String> problems = checked.problems().stream().map(Object::toString).toList();
        OperationDefinition definition = null;
        if (problems.isEmpty()) {
            List<OperationDefinition> operations = checked.document().getDefinitionsOfType(OperationDefinition.class);
            definition = operations.get(0);
            List<Field> roots = definition.getSelectionSet().getSelectionsOfType(Field.class);
            if (operations.size() != 1 || definition.getOperation() != OperationDefinition.Operation.MUTATION
                    || roots.size() != 1) {
                problems = List.of("Bulk mutations must contain exactly one mutation field");
            } else if (!roots.get(0).getName().equals("productVariantsBulkUpdate")) {
                throw new Unsupported("bulk mutations of " + roots.get(0).getName());
            }
        }
        if (!problems.isEmpty()) {
            shop.server().recordInvalid(shop, mutation, Map.of(), problems);
            return bulkPayload("BulkOperationRunMutationPayload", "BulkMutationUserError", null, "INVALID_MUTATION",
                    List.of("mutation"), "Invalid mutation: " + String.join("; ", problems));
        }
        byte[] file = shop.server().stagedUploads().file(shop, args.string("stagedUploadPath"));
        if (file == null) {
            return bulkPayload("BulkOperationRunMutationPayload", "BulkMutationUserError", null, "NO_SUCH_FILE",
                    List.of("stagedUploadPath"), "The JSONL file could not be found. Try uploading the file again, "
                            + "and check that you've entered the URL correctly for the stagedUploadPath mutation argument.");
        }
        FakeBulkOperation running = shop.bulk().inProgress("MUTATION");
        if (running != null) {
            return bulkPayload("BulkOperationRunMutationPayload", "BulkMutationUserError", null, "OPERATION_IN_PROGRESS",
                    null, "A bulk mutation operation for this app and shop is already in progress: " + running.gid() + ".");
        }
        FakeBulkOperation started = shop.bulk().startMutation(mutation, checked.document(), definition, apiVersion,
                new String(file, StandardCharsets.UTF_8));
        return bulkPayload("BulkOperationRunMutationPayload", "BulkMutationUserError", started, null, null, null);
    }

    private GqlObject bulkOperationCancel(GqlObject.Args args) {
        long id = Gids.parse(args.string("id"), "BulkOperation");
        FakeBulkOperation operation = shop.bulk().find(id);
        if (operation == null) {
            return GqlObject.of("BulkOperationCancelPayload").put("bulkOperation", null).put("userErrors",
                    List.of(GqlObject.userError("UserError", null, List.of("id"), "Bulk operation does not exist")));
        }
        FakeBulkOperation canceling = shop.bulk().cancel(id);
        if (canceling == null) {
            return GqlObject.of("BulkOperationCancelPayload").put("bulkOperation", bulkOperation(operation))
                    .put("userErrors", List.of(GqlObject.userError("UserError", null, null,
                            "A bulk operation cannot be canceled when it is " + operation.status().toLowerCase(Locale.ROOT))));
        }
        return GqlObject.of("BulkOperationCancelPayload").put("bulkOperation", bulkOperation(canceling))
                .put("userErrors", List.of());
    }

    private GqlObject bulkPayload(String payloadType, String errorType, FakeBulkOperation operation, String code,
                                  List<String> field, String message) {
        return GqlObject.of(payloadType)
                .put("bulkOperation", operation == null ? null : bulkOperation(operation))
                .put("userErrors", message == null ? List.of() : List.of(GqlObject.userError(errorType, code, field, message)));
    }

    private GqlObject webhookSubscriptionCreate(GqlObject.Args args) {
        String topic = args.string("topic");
        Map<String, Object> input = args.object("webhookSubscription");
        String uriField = input.get("uri") != null ? "uri" : "callbackUrl";
        String uri = Objects.toString(input.get(uriField), null);
        List<GqlObject> userErrors = new ArrayList<>();
        List<String> field = List.of("webhookSubscription", uriField);
        if (uri == null || uri.isBlank()) {
            userErrors.add(GqlObject.userError("UserError", null, List.of("webhookSubscription", "uri"),
                    "Address can't be blank"));
        } else if (!acceptableAddress(uri)) {
            userErrors.add(GqlObject.userError("UserError", null, field,
                    "Address protocol " + URI.create(uri).getScheme() + " is not supported"));
        } else if (shop.webhookSubscriptions().stream().anyMatch(s -> s.topic().equals(topic) && s.uri().equals(uri))) {
            userErrors.add(GqlObject.userError("UserError", null, field, "Address for this topic has already been taken"));
        }
        if (!userErrors.isEmpty()) {
            return GqlObject.of("WebhookSubscriptionCreatePayload").put("webhookSubscription", null)
                    .put("userErrors", userErrors);
        }
        @SuppressWarnings("unchecked")
        List<String> includeFields = input.get("includeFields") == null ? List.of()
                : ((List<Object>) input.get("includeFields")).stream().map(String::valueOf).toList();
        FakeWebhookSubscription subscription = shop.subscribe(topic, uri,
                Objects.toString(input.get("format"), "JSON"), apiVersion, includeFields,
                Objects.toString(input.get("filter"), null));
        return GqlObject.of("WebhookSubscriptionCreatePayload")
                .put("webhookSubscription", webhookSubscription(subscription))
                .put("userErrors", List.of());
    }

    /** HTTPS, Pub/Sub or EventBridge addresses, as Shopify accepts; plain HTTP only to loopback, for tests. */
    private static boolean acceptableAddress(String uri) {
        if (uri.startsWith("pubsub://") || uri.startsWith("arn:aws:events:")) {
            return true;
        }
        try {
            URI parsed = URI.create(uri);
            if ("https".equals(parsed.getScheme())) {
                return true;
            }
            String host = parsed.getHost();
            return "http".equals(parsed.getScheme())
                    && ("127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private GqlObject webhookSubscriptionDelete(GqlObject.Args args) {
        String gid = args.string("id");
        if (!shop.unsubscribe(Gids.parse(gid, "WebhookSubscription"))) {
            return GqlObject.of("WebhookSubscriptionDeletePayload").put("deletedWebhookSubscriptionId", null)
                    .put("userErrors", List.of(GqlObject.userError("UserError", null, List.of("id"),
                            "Webhook subscription does not exist")));
        }
        return GqlObject.of("WebhookSubscriptionDeletePayload").put("deletedWebhookSubscriptionId", gid)
                .put("userErrors", List.of());
    }
}
