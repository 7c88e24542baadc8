package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy's approval thresholds over HTTP (issue 20 item 11): set and kept, shown by the preview and the
 * change, and held to at approval. The summer sale takes FE-1 from 40.00 to 33.99: a 15.02 % decrease and
 * a revenue impact of 6.01 USD.
 */
class ApprovalThresholdsHttpTest extends IntegrationTest {

    @Test
    void thresholdsAreSetReadBackKeptWhenLeftOutAndClearedWithAnEmptyObject() {
        Api.TenantToken admin = api.newTenant("Thresholds " + UUID.randomUUID());
        Map<String, Object> thresholds = Map.of("maxDecreasePercent", "20", "maxRevenueImpact", Map.of("USD", "500"),
                "requires", "two_approvers");

        Api.Response put = api.send("PUT", "/api/v1/policy", admin.token(), Map.of("approvalThresholds", thresholds));

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        JsonNode expected = mapper.valueToTree(Map.of("maxDecreasePercent", "20.00",
                "maxRevenueImpact", Map.of("USD", "500.00"), "requires", "two_approvers"));
        assertThat(put.json().get("approvalThresholds")).isEqualTo(expected);
        assertThat(api.get("/api/v1/policy", admin.token(), "X-Calibrate-Wait-For", Long.toString(put.position()))
                .json().get("approvalThresholds")).isEqualTo(expected);

        Api.Response kept = api.send("PUT", "/api/v1/policy", admin.token(), Map.of("maxIncreasePercent", "10"));
        assertThat(kept.json().get("approvalThresholds")).isEqualTo(expected);

        Api.Response cleared = api.send("PUT", "/api/v1/policy", admin.token(), Map.of("approvalThresholds", Map.of()));
        JsonNode none = mapper.valueToTree(Map.of("maxRevenueImpact", Map.of(), "requires", "admin_or_two_approvers"));
        assertThat(cleared.json().get("approvalThresholds")).isEqualTo(none);
        assertThat(api.get("/api/v1/policy", admin.token(), "X-Calibrate-Wait-For", Long.toString(cleared.position()))
                .json().get("approvalThresholds")).isEqualTo(none);
    }

    @Test
    void badThresholdsAre400s() {
        Api.TenantToken admin = api.newTenant("Bad thresholds " + UUID.randomUUID());

        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("approvalThresholds", Map.of("maxDecreasePercent", "120"))), "approvalThresholds.maxDecreasePercent");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("approvalThresholds", Map.of("maxRevenueImpact", Map.of("USD", "0")))),
                "approvalThresholds.maxRevenueImpact.USD");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("approvalThresholds", Map.of("maxRevenueImpact", Map.of("QQQ", "10")))),
                "approvalThresholds.maxRevenueImpact.QQQ");
        assertProblem(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("approvalThresholds", Map.of("requires", "three_approvers"))), 400, null);
        assertProblem(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("approvalThresholds", Map.of("maxDecreasePercent", "-5"))), 400, null);
        assertProblem(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("approvalThresholds", Map.of("percent", "5"))), 400, null);
    }

    @Test
    void underEveryThresholdOneApproverWithoutTheAdminRoleApproves() {
        Shop shop = shop(Map.of("maxDecreasePercent", "20", "maxRevenueImpact", Map.of("USD", "100")));
        Submitted submitted = shop.submitted();

        assertThat(submitted.preview().has("approvalNeed")).isFalse();
        assertThat(submitted.preview().at("/summary/largestDecreasePercent").asText()).isEqualTo("15.02");
        assertThat(submitted.preview().at("/summary/revenueImpact").asText()).isEqualTo("6.01");
        Api.Response approved = shop.approve(shop.bob, submitted);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("state").asText()).isEqualTo("APPROVED");
    }

    /** The default, as issue 20 words it: an admin approves at once, or two approvers do, whichever comes first. */
    @Test
    void byDefaultAnAdminApprovesAloneAndOtherwiseTwoApproversDo() {
        Shop adminRoute = shop(Map.of("maxDecreasePercent", "10"));
        Submitted first = adminRoute.submitted();
        assertThat(first.preview().at("/approvalNeed/requires").asText()).isEqualTo("admin_or_two_approvers");
        Api.Response byAdmin = adminRoute.approve(adminRoute.carolAdmin, first);
        assertThat(byAdmin.json().get("state").asText()).as(byAdmin.body()).isEqualTo("APPROVED");

        Shop twoRoute = shop(Map.of("maxDecreasePercent", "10"));
        Submitted second = twoRoute.submitted();
        Api.Response byBob = twoRoute.approve(twoRoute.bob, second);
        assertThat(byBob.json().get("state").asText()).as(byBob.body()).isEqualTo("SUBMITTED");
        assertProblem(twoRoute.approve(twoRoute.bob, second), 409, null);
        Api.TenantToken dave = token(twoRoute.bob.tenantId(), "dave@acme.example", "prices:approve");
        Api.Response byDave = twoRoute.approve(dave, second);
        assertThat(byDave.json().get("state").asText()).as("a second person, no admin").isEqualTo("APPROVED");
    }

    @Test
    void overTheDecreaseThresholdAnApproverWithoutTheAdminRoleIsRefusedAndAnAdminApproves() {
        Shop shop = shop(Map.of("maxDecreasePercent", "10", "requires", "admin"));
        Submitted submitted = shop.submitted();

        JsonNode need = submitted.preview().get("approvalNeed");
        assertThat(need.get("requires").asText()).isEqualTo("admin");
        assertThat(need.get("thresholdsPassed")).isEqualTo(mapper.valueToTree(List.of(
                Map.of("threshold", "maxDecreasePercent", "limit", "10", "actual", "15.02"))));

        JsonNode refused = assertProblem(shop.approve(shop.bob, submitted), 403, "forbidden");
        assertThat(refused.get("detail").asText()).contains("needs an approver with the admin role");
        assertThat(refused.get("requires").asText()).isEqualTo("admin");
        assertThat(refused.get("thresholdsPassed")).isEqualTo(mapper.valueToTree(List.of("maxDecreasePercent")));

        JsonNode view = shop.steps.view(shop.author.token(), submitted.change(), "SUBMITTED");
        assertThat(view.at("/approvalNeed/requires").asText()).isEqualTo("admin");
        assertThat(view.at("/approvalNeed/thresholdsPassed/0/actual").asText()).isEqualTo("15.02");
        assertThat(view.at("/preview/largestDecreasePercent").asText()).isEqualTo("15.02");

        Api.Response approved = shop.approve(shop.carolAdmin, submitted);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("state").asText()).isEqualTo("APPROVED");
    }

    @Test
    void overTheRevenueImpactThresholdTwoDistinctApproversNeitherTheAuthorApprove() {
        Shop shop = shop(Map.of("maxRevenueImpact", Map.of("USD", "5.00"), "requires", "two_approvers"));
        Submitted submitted = shop.submitted();
        assertThat(submitted.preview().at("/approvalNeed/thresholdsPassed/0/threshold").asText())
                .isEqualTo("maxRevenueImpact.USD");

        assertProblem(shop.approve(shop.authorApproves, submitted), 403, "forbidden");

        Api.Response first = shop.approve(shop.bob, submitted);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("state").asText()).isEqualTo("SUBMITTED");
        JsonNode view = viewWithFirstApproval(shop, submitted.change());
        assertThat(view.get("state").asText()).isEqualTo("SUBMITTED");
        assertThat(view.at("/approvalNeed/firstApproval/subject").asText()).isEqualTo("bob@acme.example");

        JsonNode twice = assertProblem(shop.approve(shop.bobAgain, submitted), 409, "conflict");
        assertThat(twice.get("detail").asText()).contains("another person must give the second");

        Api.Response second = shop.approve(shop.carolAdmin, submitted);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().get("state").asText()).isEqualTo("APPROVED");
        JsonNode approved = shop.steps.view(shop.author.token(), submitted.change(), "APPROVED");
        assertThat(approved.at("/approval/subject").asText()).isEqualTo("carol@acme.example");
        assertThat(approved.at("/approvalNeed/firstApproval/subject").asText()).isEqualTo("bob@acme.example");
    }

    private JsonNode viewWithFirstApproval(Shop shop, String change) {
        JsonNode[] view = {null};
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
            view[0] = api.get("/api/v1/price-changes/" + change, shop.author.token()).json();
            assertThat(view[0].at("/approvalNeed/firstApproval").isMissingNode()
                    || view[0].at("/approvalNeed/firstApproval").isNull()).isFalse();
        });
        return view[0];
    }

    // --- a shop with its people -------------------------------------------------------------

    private record Submitted(String change, JsonNode preview) {
        String hash() {
            return preview.get("previewHash").asText();
        }
    }

    /**
     * The thresholds judge what an approval covers: an override that takes an item past the decrease threshold
     * makes the edited preview need an admin, though the rule's preview did not; and an edit after a first of two
     * approvals starts the approvals over, so that approval never counts toward prices its approver did not see.
     */
    @Test
    void anOverridePastTheThresholdNeedsWhatTheThresholdAsksAndAnEditStartsApprovalsOver() {
        Shop shop = shop(Map.of("maxDecreasePercent", "20", "requires", "two_approvers"));
        Submitted submitted = shop.submitted();
        assertThat(submitted.preview().has("approvalNeed")).as("the rule's 15.02 % passes no threshold").isFalse();

        Api.Response edited = api.post("/api/v1/price-changes/" + submitted.change() + "/preview/edits",
                shop.author.token(), Map.of("edits", List.of(Map.of("sku", "FE-1", "action", "OVERRIDE",
                        "price", "20.00", "currency", "USD", "reason", "clearance"))));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        String hash = edited.json().get("previewHash").asText();
        JsonNode view = shop.steps.view(shop.author.token(), submitted.change(), "PREVIEWED");
        assertThat(view.at("/approvalNeed/requires").asText()).isEqualTo("two_approvers");
        assertThat(view.at("/approvalNeed/thresholdsPassed/0/actual").asText()).isEqualTo("50.00");
        assertThat(shop.steps.action(shop.author.token(), submitted.change(), "submit", null).status()).isEqualTo(200);
        Submitted resubmitted = new Submitted(submitted.change(), edited.json());
        assertThat(resubmitted.hash()).isEqualTo(hash);

        Api.Response first = shop.approve(shop.bob, resubmitted);
        assertThat(first.json().get("state").asText()).as(first.body()).isEqualTo("SUBMITTED");

        // another edit pulls the change back: Bob's approval was of the prices before it
        Api.Response again = api.post("/api/v1/price-changes/" + submitted.change() + "/preview/edits",
                shop.author.token(), Map.of("edits", List.of(Map.of("sku", "FE-1", "action", "OVERRIDE",
                        "price", "19.00", "currency", "USD", "reason", "deeper clearance"))));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(shop.steps.action(shop.author.token(), submitted.change(), "submit", null).status()).isEqualTo(200);
        Submitted third = new Submitted(submitted.change(), again.json());
        Api.Response carol = shop.approve(shop.carolAdmin, third);
        assertThat(carol.json().get("state").asText()).as("Bob's earlier approval no longer counts")
                .isEqualTo("SUBMITTED");
        Api.Response bob = shop.approve(shop.bob, third);
        assertThat(bob.json().get("state").asText()).as(bob.body()).isEqualTo("APPROVED");
    }

    private final class Shop {
        final PriceChangeSteps steps = new PriceChangeSteps(api);
        final Api.TenantToken author;
        final Api.TenantToken authorApproves;
        final Api.TenantToken bob;
        final Api.TenantToken bobAgain;
        final Api.TenantToken carolAdmin;

        Shop(String tenant) {
            author = token(tenant, "alice@acme.example", "catalog:read", "catalog:write", "prices:write");
            authorApproves = token(tenant, "alice@acme.example", "prices:approve", "admin");
            bob = token(tenant, "bob@acme.example", "prices:approve");
            bobAgain = token(tenant, "bob@acme.example", "prices:approve", "admin");
            carolAdmin = token(tenant, "carol@acme.example", "prices:approve", "admin");
        }

        Submitted submitted() {
            steps.catalog(author.token(), List.of(product("FE-1", "40.00", "10.00", "summer")));
            String change = steps.draft(author.token(), "Thresholds", SUMMER_SALE, Map.of());
            JsonNode preview = steps.preview(author.token(), change);
            Api.Response submitted = steps.action(author.token(), change, "submit", null);
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
            return new Submitted(change, preview);
        }

        Api.Response approve(Api.TenantToken approver, Submitted submitted) {
            return steps.action(approver.token(), submitted.change(), "approve", Map.of("previewHash", submitted.hash()));
        }
    }

    private Shop shop(Map<String, Object> thresholds) {
        String tenant = api.createTenant("Thresholds " + UUID.randomUUID(), "USD");
        Shop shop = new Shop(tenant);
        Api.Response put = api.send("PUT", "/api/v1/policy", shop.carolAdmin.token(),
                Map.of("approvalThresholds", thresholds));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        return shop;
    }

    private Api.TenantToken token(String tenant, String subject, String... scopes) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", "of " + subject + " " + String.join(",", scopes),
                "scopes", List.of(scopes), "subject", subject));
        Api.Response issued = api.post("/admin/v1/tenants/" + tenant + "/tokens", api.adminToken(), body);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return new Api.TenantToken(tenant, issued.json().get("id").asText(), issued.json().get("token").asText());
    }
}
