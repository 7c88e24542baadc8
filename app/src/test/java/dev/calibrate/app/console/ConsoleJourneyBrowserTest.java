package dev.calibrate.app.console;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.app.support.browser.BrowserTest;
import dev.calibrate.app.users.Invitations;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeShopify;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15's whole journey in a real browser, used as people use it (labels and buttons, not URLs):
 * two people invited through the API set their passwords and sign in; the author connects and syncs
 * the fake Shopify shop, drafts a rule in the builder, previews and submits it; the approver approves
 * and applies it, the shop's variants get the new prices, and a rollback puts the old ones back.
 */
class ConsoleJourneyBrowserTest extends BrowserTest {

    private static final Duration RUN = Duration.ofSeconds(90);

    @AfterEach
    void everyCallWasValidShopify() {
        assertThat(ShopifyFake.server().invalidDocuments()).isEmpty();
    }

    @Test
    void aRuleGoesFromTheBuilderThroughFourEyesToTheShopAndBack() {
        FakeShop shop = ShopifyFake.newShop("USD");
        shop.addProduct("Journey tee", "20.00");
        shop.addProduct("Journey cap", "10.00");
        Api.TenantToken acme = api.newTenant("Journey " + shop.domain());
        Invitations invitations = new Invitations(api, port);
        Invitations.Invited author = invitations.invite(acme.token(), Invitations.email("author"), "analyst", "admin");
        Invitations.Invited approver = invitations.invite(acme.token(), Invitations.email("approver"), "approver");
        setPassword(author);
        setPassword(approver);

        // the author connects the shop and syncs its catalog
        signIn(author);
        browser.find("nav[aria-label=Main] a[href='/console/connectors']").click();
        browser.settle();
        // by label: the install form has a field named shop too
        type("Shop domain", 1, shop.domain());
        type("Admin API access token", 0, shop.accessToken());
        type("API secret key", 0, FakeShopify.DEFAULT_CLIENT_SECRET);
        browser.press("Connect");
        assertThat(browser.find("main").getText()).contains(shop.domain()).doesNotContain(shop.accessToken());
        browser.press("Sync the catalog");
        browser.waitForText("#sync", "completed", RUN);
        assertThat(browser.find("#sync").getText()).contains("Variants read");
        browser.screenshot("journey-connected");

        // drafts a rule in the builder, previews it and submits it
        browser.find("nav[aria-label=Main] a[href='/console/price-changes']").click();
        browser.settle();
        browser.find("main a[href='/console/price-changes/new']").click();
        browser.settle();
        browser.fill("name", "Journey -10%");
        select("conditions[0].field", "vendor");
        select("conditions[0].op", "eq");
        browser.fill("conditions[0].value", "Calibrate Test Vendor");
        browser.fill("steps[0].value", "-10");
        browser.settle();
        browser.press("Save draft");
        assertThat(browser.find("h1").getText()).contains("Journey -10%").contains("DRAFT");
        await().atMost(RUN).untilAsserted(() -> {
            browser.press(browser.findAll("#preview button").get(0).getText());
            assertThat(browser.find("#preview").getText()).contains("Preview hash").contains("SKU-");
        });
        assertThat(browser.find("#preview").getText()).contains("18.00 USD").contains("9.00 USD");
        browser.screenshot("journey-preview");
        browser.press("Submit for approval");
        assertThat(browser.find("h1").getText()).contains("SUBMITTED");
        // the author's admin role holds prices:approve too, but four eyes means someone else's
        browser.press("Approve this preview");
        assertThat(browser.find("main").getText()).contains("must be approved by another");
        assertThat(browser.find("h1").getText()).contains("SUBMITTED");
        assertThat(browser.consoleErrors()).as("the author's journey, up to the refused self-approval")
                .allMatch(e -> e.contains("/approve") && e.contains("403"));
        browser.signOut();

        // the approver approves and applies
        signIn(approver);
        browser.find("nav[aria-label=Main] a[href='/console/price-changes']").click();
        browser.settle();
        browser.find("main table a").click();
        browser.settle();
        browser.press("Approve this preview");
        assertThat(browser.find("h1").getText()).contains("APPROVED");
        browser.press("Apply now");
        String change = browser.path();
        awaitOnReload(change, "h1", "APPLIED");
        awaitOnReload(change, "#outcomes", "SYNCED");
        await().atMost(RUN).ignoreExceptions().untilAsserted(() -> {
            browser.open(change);
            assertThat(browser.find("#outcomes table tbody").getText()).doesNotContain("PENDING")
                    .doesNotContain("QUEUED").contains("SYNCED");
        });
        assertThat(shop.variants()).extracting(FakeVariant::price).containsExactlyInAnyOrder("18.00", "9.00");
        browser.screenshot("journey-applied");

        // and rolls it back
        browser.press("Roll back");
        awaitOnReload(change, "h1", "ROLLED_BACK");
        assertThat(browser.find("main").getText()).contains("Rollback conflicts");
        await().atMost(RUN).untilAsserted(() ->
                assertThat(shop.variants()).extracting(FakeVariant::price).containsExactlyInAnyOrder("20.00", "10.00"));
        browser.screenshot("journey-rolled-back");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** The page polls its run and reloads itself when it ends; reloading here too keeps the wait simple. */
    private void awaitOnReload(String path, String css, String text) {
        await().atMost(RUN).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            browser.open(path);
            assertThat(browser.find(css).getText()).contains(text);
        });
    }

    private void setPassword(Invitations.Invited invited) {
        browser.forgetSession();
        browser.open(invited.link());
        browser.fill("password", Invitations.PASSWORD);
        browser.fill("confirm", Invitations.PASSWORD);
        browser.press("Set password");
        assertThat(browser.path()).isEqualTo("/console/login?activated");
    }

    private void signIn(Invitations.Invited invited) {
        browser.forgetSession();
        browser.open("/console/login");
        browser.fill("email", invited.email());
        browser.fill("password", Invitations.PASSWORD);
        browser.press("Sign in");
        assertThat(browser.path()).isEqualTo("/console");
    }

    /** Types into the field of the {@code index}th label reading {@code label}. */
    private void type(String label, int index, String value) {
        List<WebElement> labels = browser.findAll("main label").stream()
                .filter(l -> l.getText().trim().equals(label)).toList();
        WebElement field = browser.find("#" + labels.get(index).getAttribute("for"));
        field.clear();
        field.sendKeys(value);
    }

    private void select(String name, String value) {
        new Select(browser.find("select[name='" + name + "']")).selectByValue(value);
    }
}
