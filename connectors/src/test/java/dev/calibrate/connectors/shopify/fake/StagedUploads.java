package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake's stand-in for Shopify's staged upload bucket (Google Cloud Storage in reality).
 * {@code stagedUploadsCreate} hands out a form POST target: a URL plus signed form parameters;
 * the {@code key} parameter is the path later passed to {@code bulkOperationRunMutation} as
 * {@code stagedUploadPath}. The upload must be {@code multipart/form-data} carrying every
 * parameter unchanged and then the {@code file} part, at most 20 MB, like a policy-signed GCS
 * form upload; it answers 201 with an XML body.
 */
final class StagedUploads {

    /** Shopify's limit on a bulk mutation variables file. */
    static final long MAX_BYTES = 20L * 1024 * 1024;

    /** A form upload target. */
    record Target(String url, List<Map.Entry<String, String>> parameters, String key) {
    }

    private record Issued(String shopDomain, Map<String, String> parameters) {
    }

    private final FakeShopify server;
    private final String signingKey = Tokens.hex(32);
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    StagedUploads(FakeShopify server) {
        this.server = server;
    }

    Target create(FakeShop shop, String filename, String mimeType) {
        String key = "tmp/" + shop.legacyId() + "/bulk/" + UUID.randomUUID() + "/" + filename;
        ObjectNode policy = Json.object().put("expiration", server.clock().instant().plusSeconds(3600).toString());
        policy.putArray("conditions")
                .add(Json.object().put("Content-Type", mimeType))
                .add(Json.object().put("success_action_status", "201"))
                .add(Json.object().put("acl", "private"))
                .add(Json.object().put("key", key))
                .addArray().add("content-length-range").add(1).add(MAX_BYTES);
        String encodedPolicy = Base64.getEncoder().encodeToString(policy.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Content-Type", mimeType);
        parameters.put("success_action_status", "201");
        parameters.put("acl", "private");
        parameters.put("key", key);
        parameters.put("x-goog-date", server.clock().instant().toString().replaceAll("[-:]", "").replaceAll("\\.\\d+", ""));
        parameters.put("x-goog-credential", "merchant-assets@shopify-tiers.iam.gserviceaccount.com/"
                + parameters.get("x-goog-date").substring(0, 8) + "/auto/storage/goog4_request");
        parameters.put("x-goog-algorithm", "GOOG4-RSA-SHA256");
        parameters.put("x-goog-signature", HexFormat.of().formatHex(ShopifySignatures.hmac(signingKey,
                encodedPolicy.getBytes(StandardCharsets.UTF_8))));
        parameters.put("policy", encodedPolicy);
        issued.put(key, new Issued(shop.domain(), parameters));
        return new Target(server.baseUri() + "/staged-uploads/", List.copyOf(parameters.entrySet()), key);
    }

    /** The uploaded file at {@code stagedUploadPath} for this shop, or null. */
    byte[] file(FakeShop shop, String stagedUploadPath) {
        Issued target = stagedUploadPath == null ? null : issued.get(stagedUploadPath);
        if (target == null || !target.shopDomain().equals(shop.domain())) {
            return null;
        }
        return files.get(stagedUploadPath);
    }

    /** {@code POST /staged-uploads/}: a multipart form upload. */
    void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            FakeShopify.respond(exchange, 405, "application/xml", error("MethodNotAllowed", "Use a form POST."));
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String boundary = Multipart.boundary(contentType);
        if (boundary == null) {
            FakeShopify.respond(exchange, 400, "application/xml",
                    error("InvalidArgument", "The request must be multipart/form-data."));
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        List<Multipart.Part> parts = Multipart.parse(body, boundary);
        Map<String, String> fields = new LinkedHashMap<>();
        Multipart.Part file = null;
        for (Multipart.Part part : parts) {
            if (part.name().equals("file")) {
                file = part;
                break; // like GCS, fields after the file are ignored
            }
            fields.put(part.name(), new String(part.content(), StandardCharsets.UTF_8));
        }
        Issued target = fields.get("key") == null ? null : issued.get(fields.get("key"));
        if (target == null) {
            FakeShopify.respond(exchange, 403, "application/xml", error("AccessDenied",
                    "Invalid argument: the key is missing or was not issued by stagedUploadsCreate."));
            return;
        }
        for (Map.Entry<String, String> parameter : target.parameters().entrySet()) {
            if (!parameter.getValue().equals(fields.get(parameter.getKey()))) {
                FakeShopify.respond(exchange, 403, "application/xml", error("AccessDenied",
                        "Form field '" + parameter.getKey() + "' is missing or differs from the one stagedUploadsCreate returned."));
                return;
            }
        }
        if (file == null) {
            FakeShopify.respond(exchange, 400, "application/xml",
                    error("InvalidArgument", "Cannot create buckets using a POST. (no 'file' part)"));
            return;
        }
        if (file.content().length > MAX_BYTES) {
            FakeShopify.respond(exchange, 400, "application/xml", error("EntityTooLarge",
                    "Your proposed upload is larger than the maximum object size specified in your Policy Document."));
            return;
        }
        String key = fields.get("key");
        files.put(key, file.content());
        String location = server.baseUri() + "/staged-uploads/" + key;
        FakeShopify.respond(exchange, 201, "application/xml", "<?xml version='1.0' encoding='UTF-8'?><PostResponse>"
                + "<Location>" + location + "</Location><Bucket>shopify-staged-uploads</Bucket><Key>" + key
                + "</Key><ETag>\"" + HexFormat.of().formatHex(ShopifySignatures.hmac("etag", file.content())).substring(0, 32)
                + "\"</ETag></PostResponse>");
    }

    private static String error(String code, String message) {
        return "<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>";
    }
}
