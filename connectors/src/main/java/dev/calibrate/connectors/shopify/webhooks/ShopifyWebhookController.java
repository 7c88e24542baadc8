package dev.calibrate.connectors.shopify.webhooks;

import dev.calibrate.connectors.shopify.webhooks.ShopifyWebhookApi.ShopifyWebhookReceipt;
import dev.calibrate.connectors.shopify.webhooks.ShopifyWebhooks.Headers;
import dev.calibrate.connectors.shopify.webhooks.ShopifyWebhooks.Outcome;
import dev.calibrate.kernel.error.ErrorResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * {@code POST /webhooks/shopify}: no API token (Shopify cannot send one); the signature over the raw
 * body is the authentication. A delivery without a signature, or for a shop that is not connected, is
 * refused before its body is read, so an unauthenticated sender cannot make the server buffer
 * anything; a signed one is read as bytes, exactly as signed, up to
 * {@code calibrate.shopify.webhooks.max-body-size}.
 */
@RestController
@Tag(name = "Shopify webhooks", description = "Deliveries from Shopify, authenticated by their signature.")
class ShopifyWebhookController {

    private final ShopifyWebhooks webhooks;
    private final long maxBytes;

    ShopifyWebhookController(ShopifyWebhooks webhooks, ShopifyWebhookSettings settings) {
        this.webhooks = webhooks;
        this.maxBytes = settings.maxBodySize().toBytes();
    }

    /** The body is taken as a stream, not bound: the signature covers its exact bytes, read only once it may be. */
    @PostMapping(path = "/webhooks/shopify", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "receiveShopifyWebhook", summary = "A product webhook from Shopify",
            description = "products/create, products/update, products/delete and app/uninstalled; no API token: "
                    + "X-Shopify-Hmac-Sha256 over the raw body, with the shop's secret, authenticates it.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "Shopify's webhook payload for the topic, signed as sent",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(type = "object"))))
    @ErrorResponses({401, 413})
    ShopifyWebhookReceipt receive(
            @RequestHeader(name = "X-Shopify-Topic", required = false) String topic,
            @RequestHeader(name = "X-Shopify-Shop-Domain", required = false) String shop,
            @RequestHeader(name = "X-Shopify-Hmac-Sha256", required = false) String signature,
            @RequestHeader(name = "X-Shopify-Webhook-Id", required = false) String webhookId,
            @RequestHeader(name = "X-Shopify-Triggered-At", required = false) String triggeredAt,
            @Parameter(hidden = true) @RequestHeader(name = "Content-Length", required = false) Long contentLength,
            @Parameter(hidden = true) InputStream body) throws IOException {
        Outcome outcome = webhooks.receive(new Headers(topic, shop, signature, webhookId, triggeredAt),
                () -> read(body, contentLength));
        return new ShopifyWebhookReceipt(outcome.wireName());
    }

    private byte[] read(InputStream in, Long contentLength) throws IOException {
        if (contentLength != null && contentLength > maxBytes) {
            throw tooLarge();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            body.write(buffer, 0, n);
            if (body.size() > maxBytes) {
                throw tooLarge();
            }
        }
        return body.toByteArray();
    }

    private ErrorResponseException tooLarge() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                "the webhook body is larger than the limit of " + maxBytes + " bytes");
        problem.setType(URI.create("https://calibrate.dev/problems/body-too-large"));
        problem.setTitle(HttpStatus.PAYLOAD_TOO_LARGE.getReasonPhrase());
        return new ErrorResponseException(HttpStatus.PAYLOAD_TOO_LARGE, problem, null);
    }
}
