package dev.calibrate.connectors.shopify;

import dev.calibrate.connectors.shopify.ShopifyWebhooks.Headers;
import dev.calibrate.connectors.shopify.ShopifyWebhooks.Outcome;
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
class ShopifyWebhookController {

    private final ShopifyWebhooks webhooks;
    private final long maxBytes;

    ShopifyWebhookController(ShopifyWebhooks webhooks, ShopifyWebhookSettings settings) {
        this.webhooks = webhooks;
        this.maxBytes = settings.maxBodySize().toBytes();
    }

    @PostMapping(path = "/webhooks/shopify", produces = MediaType.APPLICATION_JSON_VALUE)
    Answer receive(@RequestHeader(name = "X-Shopify-Topic", required = false) String topic,
                                @RequestHeader(name = "X-Shopify-Shop-Domain", required = false) String shop,
                                @RequestHeader(name = "X-Shopify-Hmac-Sha256", required = false) String signature,
                                @RequestHeader(name = "X-Shopify-Webhook-Id", required = false) String webhookId,
                                @RequestHeader(name = "X-Shopify-Triggered-At", required = false) String triggeredAt,
                                @RequestHeader(name = "Content-Length", required = false) Long contentLength,
                                InputStream body) throws IOException {
        Outcome outcome = webhooks.receive(new Headers(topic, shop, signature, webhookId, triggeredAt),
                () -> read(body, contentLength));
        return new Answer(outcome.wireName());
    }

    /** Shopify reads only the status; the outcome says what became of the delivery, for people. */
    record Answer(String outcome) {
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
