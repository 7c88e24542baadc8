package dev.calibrate.app.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** People as tests need them: invited through the API, activated through their link, signed in through the console. */
public final class Invitations {

    public static final String PASSWORD = "correct horse battery staple";

    /** An invited person: their id, email and the invitation link's path. */
    public record Invited(String id, String email, String link) {
    }

    private final Api api;
    private final int port;

    public Invitations(Api api, int port) {
        this.api = api;
        this.port = port;
    }

    /** A fresh address, so that tests sharing the platform never collide on its one-person-per-email rule. */
    public static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
    }

    public Invited invite(String adminToken, String email, String... roles) {
        Api.Response invited = api.post("/api/v1/users", adminToken,
                Map.of("email", email, "name", "Person " + email.substring(0, 5), "roles", List.of(roles)));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        JsonNode body = invited.json();
        return new Invited(body.get("user").get("id").asText(), email, body.get("invitationLink").asText());
    }

    /** Sets the password through the invitation page, as the person's browser would. */
    public void activate(Invited invited, String password) {
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.get(invited.link()).status()).isEqualTo(200);
        Page set = browser.post(invited.link(), Map.of("password", password, "confirm", password));
        assertThat(set.status()).as(set.body()).isEqualTo(302);
        assertThat(set.location()).endsWith("/console/login?activated");
    }

    /** An invited, activated person signed in to a new browser. */
    public ConsoleClient signedIn(String adminToken, String who, String... roles) {
        Invited invited = invite(adminToken, email(who), roles);
        activate(invited, PASSWORD);
        ConsoleClient browser = new ConsoleClient(port);
        Page page = signIn(browser, invited.email(), PASSWORD);
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        return browser;
    }

    public static Page signIn(ConsoleClient browser, String email, String password) {
        browser.get("/console/login");
        return browser.post("/console/login", Map.of("email", email, "password", password));
    }
}
