package dev.calibrate.kernel.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Who did something: an API token id, {@code admin} for the bootstrap admin token, or {@code system}.
 * A token issued to a person carries that person as {@code subject}, so that one person holding two
 * tokens is still one person when four eyes are asked for.
 * <p>
 * In JSON an actor without a subject stays the bare id string it always was, so every event stored
 * before subjects existed reads unchanged; one with a subject is {@code {"id": …, "subject": …}}.
 */
public record Actor(String id, String subject) {

    public static final Actor PLATFORM_ADMIN = new Actor("admin");
    public static final Actor SYSTEM = new Actor("system");

    public Actor {
        Objects.requireNonNull(id, "actor id");
    }

    public Actor(String id) {
        this(id, null);
    }

    public static Actor token(TokenId tokenId, String subject) {
        return new Actor(tokenId.toString(), subject);
    }

    @JsonCreator
    static Actor fromJson(JsonNode json) {
        if (json.isTextual()) {
            return new Actor(json.asText());
        }
        JsonNode subject = json.path("subject");
        return new Actor(json.path("id").asText(), subject.isTextual() ? subject.asText() : null);
    }

    @JsonValue
    Object toJson() {
        if (subject == null) {
            return id;
        }
        Map<String, String> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("subject", subject);
        return json;
    }

    /**
     * Whether two actors are one person: when both name their person, the persons decide (two tokens
     * of one person are one person, whatever their ids); otherwise only the same token is the same actor.
     */
    public boolean samePersonAs(Actor other) {
        if (subject != null && other.subject != null) {
            return person(subject).equals(person(other.subject));
        }
        return id.equals(other.id);
    }

    /** "Alice@Acme.example" and "alice@acme.example", or a full-width variant, name one person. */
    private static String person(String subject) {
        return Normalizer.normalize(subject.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id;
    }
}
