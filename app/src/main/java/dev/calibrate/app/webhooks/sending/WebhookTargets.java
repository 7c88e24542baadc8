package dev.calibrate.app.webhooks.sending;

import dev.calibrate.app.webhooks.WebhookSettings;
import dev.calibrate.kernel.error.InvalidInput;
import org.springframework.stereotype.Component;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a webhook may be sent: https only, and never to an address inside the server's network
 * (loopback, private, link-local such as the cloud metadata service 169.254.169.254, multicast,
 * unspecified), judged on the addresses the name resolves to, not on the name. With
 * {@code allowInsecure} (local tests) http and loopback are allowed; the rest stays refused.
 */
@Component
public class WebhookTargets {

    private final boolean allowInsecure;
    private final int maxUrlLength;

    public WebhookTargets(WebhookSettings settings) {
        this.allowInsecure = settings.allowInsecure();
        this.maxUrlLength = settings.maxUrlLength();
    }

    /** The URL, parsed, if its form is acceptable; an {@link InvalidInput} on {@code field} otherwise. */
    public URI parse(String field, String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInput(field, "is required: the https URL to send events to");
        }
        if (url.length() > maxUrlLength) {
            throw new InvalidInput(field, "must be at most " + maxUrlLength + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInput(field, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowInsecure && scheme.equals("http"))) {
            throw new InvalidInput(field, "must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new InvalidInput(field, "must be an absolute URL with a host, without user info or fragment");
        }
        return uri;
    }

    /** Parses the URL and checks where its host resolves to now: what registering and editing check. */
    public URI check(String field, String url) {
        URI uri = parse(field, url);
        try {
            resolve(uri.getHost());
        } catch (RefusedTarget refused) {
            throw new InvalidInput(field, refused.getMessage());
        } catch (UnknownHostException unknown) {
            throw new InvalidInput(field, "its host does not resolve");
        }
        return uri;
    }

    /**
     * The addresses to connect to for {@code host}, all of them allowed, or a {@link RefusedTarget}: a name
     * that resolves to one refused address is refused, as the connection could be made to that one.
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = InetAddress.getAllByName(bare);
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null) {
                throw new RefusedTarget(host + " resolves to " + refusal + " (" + address.getHostAddress()
                        + "); webhooks are only sent to public addresses");
            }
        }
        return addresses;
    }

    /** Why the address is refused, or null. */
    String refusal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowInsecure ? null : "a loopback address";
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isSiteLocalAddress() || isPrivate(address)) {
            return "a private address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        return null;
    }

    /** What {@link InetAddress#isSiteLocalAddress} leaves out: shared, reserved and unique-local ranges. */
    private static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                   // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT 100.64/10
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240;                            // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            // IPv4-compatible and NAT64 forms carry an IPv4 address that may be internal
            boolean ipv4Compatible = true;
            for (int i = 0; i < 12; i++) {
                ipv4Compatible &= b[i] == 0;
            }
            boolean nat64 = first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            return ipv4Compatible || nat64;
        }
        return false;
    }

    /** The target resolves to an address webhooks are not sent to. */
    public static final class RefusedTarget extends UnknownHostException {
        RefusedTarget(String message) {
            super(message);
        }
    }
}
