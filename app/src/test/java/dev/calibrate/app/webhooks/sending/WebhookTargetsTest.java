package dev.calibrate.app.webhooks.sending;

import dev.calibrate.app.webhooks.WebhookSettingsFor;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

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

    /**
     * The address as the resolver may answer it: an {@link Inet6Address} even for the IPv4-mapped form
     * (which {@link InetAddress#getByName} would turn into an IPv4 address).
     */
    static InetAddress v6(String literal) throws UnknownHostException {
        byte[] b = InetAddress.getByName(literal).getAddress();
        if (b.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(b, 0, mapped, 12, 4);
            b = mapped;
        }
        return Inet6Address.getByAddress(null, b, null);
    }

    /** IPv6 forms that carry an internal IPv4 address, or that no public receiver uses. */
    static final String[] EMBEDDING_INTERNAL = {"::ffff:127.0.0.1", "::ffff:10.0.0.5", "::ffff:169.254.169.254",
            "::ffff:100.64.0.1", "::10.0.0.5", "::7f00:1", "64:ff9b::10.0.0.5", "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::808:808", "2002:a00:5::1", "2002:7f00:1::1", "2002:a9fe:a9fe::",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", "::ffff:0:a00:5", "::ffff:0:7f00:1", "::ffff:0:a9fe:a9fe"};

    @Test
    void ipv6FormsCarryingAnInternalIpv4AddressAreRefusedAsTheResolverAnswersThem() throws UnknownHostException {
        for (String literal : EMBEDDING_INTERNAL) {
            InetAddress answer = v6(literal);
            assertThat(answer).as(literal).isInstanceOf(Inet6Address.class);
            WebhookTargets resolving = new WebhookTargets(WebhookSettingsFor.sending(false, Duration.ofSeconds(5)),
                    host -> new InetAddress[]{v6("2606:4700:4700::1111"), answer});
            assertThatThrownBy(() -> resolving.resolve("hooks.example.com")).as(literal)
                    .isInstanceOf(WebhookTargets.RefusedTarget.class);
            assertThatThrownBy(() -> resolving.check("url", "https://hooks.example.com/in")).as(literal)
                    .isInstanceOf(InvalidInput.class).hasMessageContaining("public addresses")
                    .hasMessageNotContaining(answer.getHostAddress()).hasMessageNotContaining("10.0.0.5")
                    .hasMessageNotContaining("127.0.0.1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2606:4700:4700::1111"})
    void ipv6FormsCarryingAPublicIpv4AddressAreAllowed(String literal) throws UnknownHostException {
        assertThat(strict.refusal(v6(literal))).as(literal).isNull();
    }

    @Test
    void insecureAllowsAMappedLoopbackButNotAMappedPrivateAddress() throws UnknownHostException {
        assertThat(insecure.refusal(v6("::ffff:127.0.0.1"))).isNull();
        assertThat(insecure.refusal(v6("::ffff:10.0.0.5"))).isNotNull();
        assertThat(insecure.refusal(v6("64:ff9b::a00:5"))).isNotNull();
    }

    @Test
    void aNameIsJudgedByWhatItResolvesTo() {
        assertThatThrownBy(() -> strict.check("url", "https://localhost/hooks"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining(WebhookTargets.PUBLIC_ONLY)
                .hasMessageNotContaining("loopback");
    }

    @Test
    void aNameThatDoesNotResolveGetsTheSameAnswerAsAnInternalOne() {
        WebhookTargets unresolving = new WebhookTargets(WebhookSettingsFor.sending(false, Duration.ofSeconds(5)),
                host -> {
                    throw new UnknownHostException(host);
                });
        WebhookTargets internal = new WebhookTargets(WebhookSettingsFor.sending(false, Duration.ofSeconds(5)),
                host -> new InetAddress[]{InetAddress.getByName("10.0.0.5")});
        String unknown = catchThrowable(() -> unresolving.check("url", "https://hooks.example.com/in")).getMessage();
        String refused = catchThrowable(() -> internal.check("url", "https://hooks.example.com/in")).getMessage();
        assertThat(unknown).isEqualTo(refused).contains(WebhookTargets.PUBLIC_ONLY);
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

    /** Names starting "stuck" are never answered until {@code answer} counts down, as a resolver that hangs. */
    private static WebhookTargets.Lookup stuckUntil(CountDownLatch answer) {
        return host -> {
            if (host.startsWith("stuck")) {
                awaitUninterruptibly(answer);
            }
            return new InetAddress[]{InetAddress.getByName("203.0.113.10")};
        };
    }

    private static TenantId tenant() {
        return new TenantId(UUID.randomUUID());
    }

    @Test
    void aTenantsStuckLookupsFillOnlyItsShareAndTheNextOneIsBusyNotADeadName() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        WebhookTargets targets = new WebhookTargets(
                WebhookSettingsFor.lookups(false, Duration.ofMillis(200), 16, 4, 2), stuckUntil(answer));
        TenantId a = tenant();
        TenantId b = tenant();
        try {
            for (int i = 0; i < 2; i++) {
                // the wait ends; the lookup does not, and keeps its thread: the name's own fault
                Throwable timedOut = catchThrowable(() -> targets.resolve(a, "stuck.example.com", Duration.ofSeconds(5)));
                assertThat(timedOut).isInstanceOf(UnknownHostException.class)
                        .isNotInstanceOf(WebhookTargets.LookupBusy.class);
            }
            assertThatThrownBy(() -> targets.resolve(a, "fine.example.com", Duration.ofSeconds(5)))
                    .as("a's share is held by its stuck lookups").isInstanceOf(WebhookTargets.LookupBusy.class);
            assertThat(targets.resolve(b, "fine.example.com", Duration.ofSeconds(5))).as("another tenant's").hasSize(1);
            assertThatThrownBy(() -> targets.check(a, "url", "https://fine.example.com/in"))
                    .as("registering: try again, not 'does not resolve'").isInstanceOf(OnDemandCalls.Busy.class)
                    .satisfies(busy -> assertThat(((Rejection) busy).retryAfter()).isPresent());
        } finally {
            answer.countDown();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> targets.tenantsLookingUp() == 0);
        assertThat(targets.resolve(a, "fine.example.com", Duration.ofSeconds(5))).as("its share back").hasSize(1);
    }

    @Test
    void aLookupGivenUpOnBeforeItStartedGivesTheTenantsShareBack() throws Exception {
        WebhookTargets targets = new WebhookTargets(WebhookSettingsFor.lookups(false, Duration.ofMillis(200), 16, 4, 2),
                host -> new InetAddress[]{InetAddress.getByAddress(new byte[]{93, (byte) 184, (byte) 216, 34})});
        TenantId a = tenant();
        // a request with a nanosecond of its deadline left: the wait ends before a lookup thread takes the task,
        // which a cancel then keeps from ever running
        for (int i = 0; i < 50; i++) {
            catchThrowable(() -> targets.resolve(a, "fine.example.com", Duration.ofNanos(1)));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> targets.tenantsLookingUp() == 0);
        assertThat(targets.resolve(a, "fine.example.com", Duration.ofSeconds(5))).as("its share is whole").hasSize(1);
    }

    @Test
    void aFullPoolIsBusyForEveryoneAndTellsRegisteringToTryAgain() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        // a pool of 2 threads (1 worker + 1 on demand), 1 lookup per tenant
        WebhookTargets targets = new WebhookTargets(
                WebhookSettingsFor.lookups(false, Duration.ofMillis(200), 1, 1, 1), stuckUntil(answer));
        try {
            catchThrowable(() -> targets.resolve(tenant(), "stuck.example.com", Duration.ofSeconds(5)));
            catchThrowable(() -> targets.resolve(tenant(), "stuck.example.com", Duration.ofSeconds(5)));
            assertThatThrownBy(() -> targets.resolve(tenant(), "fine.example.com", Duration.ofSeconds(5)))
                    .isInstanceOf(WebhookTargets.LookupBusy.class);
            assertThatThrownBy(() -> targets.check(tenant(), "url", "https://fine.example.com/in"))
                    .isInstanceOf(OnDemandCalls.Busy.class).isNotInstanceOf(InvalidInput.class);
        } finally {
            answer.countDown();
        }
        // the stuck lookups done, their threads are free again
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(targets.resolve(tenant(), "fine.example.com", Duration.ofSeconds(5))).hasSize(1));
    }

    @Test
    void lookupsOneAfterAnotherNeverFindThePoolBusy() throws Exception {
        // a pool of 2 threads: each lookup is done before the next is asked, so there is always room, even when
        // the thread that answered has not yet gone back to wait for the next one
        WebhookTargets targets = new WebhookTargets(WebhookSettingsFor.lookups(false, Duration.ofMillis(200), 1, 1, 1),
                host -> new InetAddress[]{InetAddress.getByAddress(new byte[]{93, (byte) 184, (byte) 216, 34})});
        for (int i = 0; i < 2_000; i++) {
            assertThat(targets.resolve(tenant(), "fine.example.com", Duration.ofSeconds(5))).as("lookup %d", i).hasSize(1);
        }
    }

    /** As the system resolver: a lookup under way is not interrupted by a cancel. */
    static void awaitUninterruptibly(CountDownLatch answer) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answer.getCount() > 0 && System.nanoTime() < until) {
            try {
                answer.await(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                // like a blocking getaddrinfo: carries on
            }
        }
    }
}
