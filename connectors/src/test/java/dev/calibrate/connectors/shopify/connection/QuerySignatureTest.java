package dev.calibrate.connectors.shopify.connection;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QuerySignatureTest {

    /** Shopify's documented test vector (secret "hush"). */
    private static final Map<String, String> DOCUMENTED = Map.of(
            "code", "0907a61c0c8d55e99db179b68161bc00",
            "shop", "some-shop.myshopify.com",
            "state", "0.6784241404160823",
            "timestamp", "1337178173",
            "hmac", "700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf");

    @Test
    void theMessageIsTheOtherParametersSortedAndJoined() {
        assertThat(QuerySignature.message(DOCUMENTED)).isEqualTo(
                "code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173");
    }

    @Test
    void theDocumentedVectorVerifies() {
        assertThat(QuerySignature.sign(DOCUMENTED, "hush")).isEqualTo(DOCUMENTED.get("hmac"));
        assertThat(QuerySignature.verify(DOCUMENTED, "hush")).isTrue();
    }

    @Test
    void anyChangedParameterFailsVerification() {
        for (String name : new String[] {"code", "shop", "state", "timestamp"}) {
            Map<String, String> tampered = new HashMap<>(DOCUMENTED);
            tampered.put(name, tampered.get(name) + "x");
            assertThat(QuerySignature.verify(tampered, "hush")).as(name).isFalse();
        }
    }

    @Test
    void anAddedParameterFailsVerification() {
        Map<String, String> extended = new HashMap<>(DOCUMENTED);
        extended.put("host", "evil");

        assertThat(QuerySignature.verify(extended, "hush")).isFalse();
    }

    @Test
    void theWrongSecretOrNoHmacFailsVerification() {
        assertThat(QuerySignature.verify(DOCUMENTED, "hush2")).isFalse();
        Map<String, String> unsigned = new HashMap<>(DOCUMENTED);
        unsigned.remove("hmac");
        assertThat(QuerySignature.verify(unsigned, "hush")).isFalse();
        assertThat(QuerySignature.verify(DOCUMENTED, "")).isFalse();
    }
}
