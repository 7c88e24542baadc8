package dev.calibrate.connectors.shopify.status;

import dev.calibrate.connectors.shopify.status.ShopifyStatusApi.ShopifyStatusReport;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reports on the connection ({@code GET .../status}): the shop, API health, ingest and deliveries. */
@RestController
@RequestMapping(path = "/api/v1/connectors/shopify", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Shopify")
class ShopifyStatusController {

    private final ShopifyStatus status;

    ShopifyStatusController(ShopifyStatus status) {
        this.status = status;
    }

    @GetMapping("/status")
    @RequiresScope({Scope.CONNECTORS_ADMIN, Scope.CATALOG_READ})
    @Operation(operationId = "getShopifyStatus", summary = "The shop's connection, API health, sync and deliveries")
    @ErrorResponses({404})
    ShopifyStatusReport status(Caller caller) {
        return status.describe(caller.tenantId());
    }
}
