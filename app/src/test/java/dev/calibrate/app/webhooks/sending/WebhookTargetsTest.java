package dev.calibrate.app.webhooks.sending;

import dev.calibrate.app.webhooks.WebhookSettingsFor;
import dev.calibrate.kernel.error.InvalidInput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which addresses webhooks may go to, judged after resolution. */
class WebhookTargetsTest {

    private final WebhookTargets strict = new WebhookTargets(WebhookSettingsFor.sending(false, Duration.ofSeconds(5)));
    private final WebhookTargets insecure = new WebhookTargets(WebhookSettingsFor.sending(true, Duration.ofSeconds(5)));

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "10.0.0.1", "172.16.5.4", "192.168.1.1",
            "169.254.169.254", "fe80::1", "fd00::1", "fc00::5", "100.64.0.1", "0.0.0.0", "::", "224.0.0.1",
            "ff02::1", "255.255.255.255", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a00:1",
            "198.18.0.1", "192.0.0.8"})
    void internalAddressesAreRefused(String address) throws UnknownHostException {
        assertThat(strict.refusal(InetAddress.getByName(address))).as(address).isNotNull();
        assertThatThrownBy(() -> strict.resolve(address.contains(":") ? "[" + address + "]" : address))
                .isInstanceOf(WebhookTargets.RefusedTarget.class).hasMessageContaining("public addresses");
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.10", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"})
    void publicAddressesAreAllowed(String address) throws UnknownHostException {
        assertThat(strict.refusal(InetAddress.getByName(address))).isNull();
    }

    @Test
    void aNameIsJudgedByWhatItResolvesTo() {
        assertThatThrownBy(() -> strict.check("url", "https://localhost/hooks"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("loopback");
    }

    @Test
    void insecureAllowsHttpAndLoopbackButNothingElseInternal() throws UnknownHostException {
        assertThat(insecure.check("url", "http://127.0.0.1:8080/hooks").getHost()).isEqualTo("127.0.0.1");
        assertThat(insecure.refusal(InetAddress.getByName("::1"))).isNull();
        assertThat(insecure.refusal(InetAddress.getByName("10.0.0.1"))).isNotNull();
        assertThat(insecure.refusal(InetAddress.getByName("169.254.169.254"))).isNotNull();
        assertThatThrownBy(() -> insecure.check("url", "ftp://203.0.113.10/")).isInstanceOf(InvalidInput.class);
    }

    @Test
    void onlyHttpsWithoutInsecure() {
        assertThatThrownBy(() -> strict.check("url", "http://203.0.113.10/hooks"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("https");
        assertThat(strict.check("url", "https://203.0.113.10/hooks").getScheme()).isEqualTo("https");
    }
}
