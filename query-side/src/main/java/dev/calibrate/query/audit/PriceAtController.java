package dev.calibrate.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.audit.AuditApi.PriceSettingEvent;
import dev.calibrate.query.audit.AuditApi.ProductPriceAt;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;

/**
 * What a product cost in one currency at an instant, and which event set that price: answered
 * from the product's events in the event store, so it holds for any instant, not just the present.
 * Read under the caller's tenant: another tenant's product has no events here, like an unknown id.
 */
@RestController
@Tag(name = "Audit")
public class PriceAtController {

    private final PriceSettingReads reads;
    private final TenantEventStore events;
    private final ObjectMapper mapper;

    public PriceAtController(PriceSettingReads reads, TenantEventStore events, ObjectMapper mapper) {
        this.reads = reads;
        this.events = events;
        this.mapper = mapper;
    }

    @GetMapping(path = "/api/v1/products/{id}/price-at", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope({Scope.CATALOG_READ, Scope.AUDIT_READ})
    @Operation(operationId = "getProductPriceAt", summary = "What a product cost at an instant, and why",
            description = "Answered from the product's events, so it holds for any instant; 404 when the product "
                    + "had no price in the currency yet; 503 when reading back to it takes longer than "
                    + "calibrate.price-at.read-timeout.")
    @ErrorResponses({503})
    public ProductPriceAt priceAt(@PathVariable UUID id,
                                  @Parameter(description = "ISO-4217 code, required.", example = "USD")
                                  @RequestParam(required = false) String currency,
                                  @Parameter(description = "An ISO-8601 instant, required.",
                                          example = "2026-11-26T10:00:00Z")
                                  @RequestParam(required = false) String at, Caller caller) {
        if (currency == null || currency.isBlank()) {
            throw new InvalidInput("currency", "is required, e.g. currency=USD");
        }
        Money.minorUnits(currency);
        Instant instant = instant(at);
        ProductId productId = new ProductId(id);

        DomainEventMessage<?> setter = reads.setter(caller.tenantId(), productId, currency, instant);
        if (setter == null) {
            if (events.eventsBefore(caller.tenantId(), ProductId.AGGREGATE_TYPE, productId.toString(), Long.MAX_VALUE,
                    1).isEmpty()) {
                throw new ProductNotFound();
            }
            throw new NoPriceYet(productId, currency, instant);
        }

        PriceSettingReads.Price price = PriceSettingReads.price(setter.getPayload(), currency).orElseThrow();
        return new ProductPriceAt(productId.value(), currency, instant, price.amount().amount().toPlainString(),
                price.compareAt() == null ? null : price.compareAt().amount().toPlainString(), describe(setter));
    }


    private PriceSettingEvent describe(DomainEventMessage<?> message) {
        String source = null;
        String priceChangeId = null;
        String action = null;
        JsonNode explain = null;
        if (message.getPayload() instanceof ProductPriceObserved observed) {
            source = observed.source();
        } else if (message.getPayload() instanceof ProductPriceChanged changed) {
            priceChangeId = changed.priceChangeId().toString();
            action = changed.action().name();
            explain = changed.explain() == null ? null : mapper.valueToTree(changed.explain());
        }
        return new PriceSettingEvent(message.getPayloadType().getSimpleName(), message.getSequenceNumber(),
                message.getTimestamp(), message.getIdentifier(),
                Objects.toString(message.getMetaData().get(MetadataKeys.ACTOR), null), source, priceChangeId, action,
                explain);
    }

    private static Instant instant(String at) {
        if (at == null || at.isBlank()) {
            throw new InvalidInput("at", "is required, e.g. at=2026-11-26T10:00:00Z");
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("at", "must be an ISO-8601 instant such as 2026-11-26T10:00:00Z");
        }
    }

    /** The product exists but had no price in that currency yet at that instant. */
    static class NoPriceYet extends Rejection {
        NoPriceYet(ProductId productId, String currency, Instant at) {
            super("product " + productId + " had no " + currency + " price at " + at);
        }

        @Override
        public Kind kind() {
            return Kind.NOT_FOUND;
        }
    }
}
