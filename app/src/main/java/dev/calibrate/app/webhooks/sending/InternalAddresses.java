package dev.calibrate.app.webhooks.sending;

import org.springframework.lang.Nullable;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The addresses a webhook is never sent to, whatever name led there: loopback, private, link-local (such as the
 * cloud metadata service 169.254.169.254), multicast, unspecified, shared and reserved ranges. An IPv6 address
 * that carries an IPv4 address (IPv4-mapped, IPv4-translated, IPv4-compatible, NAT64 64:ff9b::/96, 6to4
 * 2002::/16) is judged by the IPv4 address it carries; local-use NAT64 (64:ff9b:1::/48) and Teredo (2001::/32)
 * are refused outright.
 */
final class InternalAddresses {

    private InternalAddresses() {
    }

    /** Why the address is refused, or null; loopback only when {@code allowLoopback} (local tests). */
    @Nullable
    static String refusal(InetAddress address, boolean allowLoopback) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            if (isLocalNat64(b) || isTeredo(b)) {
                return "a tunnelled or translated address";
            }
            InetAddress carried = embeddedIpv4(b);
            if (carried != null) {
                return refusal(carried, allowLoopback);
            }
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback address";
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
            return (first & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return false;
    }

    /**
     * The IPv4 address an IPv6 address carries, or null: IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-translated
     * {@code ::ffff:0:a.b.c.d} (SIIT), IPv4-compatible
     * {@code ::a.b.c.d} (not {@code ::1}, loopback), NAT64 {@code 64:ff9b::a.b.c.d} and 6to4
     * {@code 2002:AABB:CCDD::/48}. A connection to any of them may reach that IPv4 address.
     */
    @Nullable
    static InetAddress embeddedIpv4(byte[] b) {
        if (b.length != 16) {
            return null;
        }
        boolean zeros80 = allZero(b, 0, 10);
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean translated = allZero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0
                && b[11] == 0; // SIIT ::ffff:0:a.b.c.d (RFC 2765)
        boolean compatible = allZero(b, 0, 12) && !(allZero(b, 12, 15) && b[15] == 1); // ::1 is loopback
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        if (mapped || translated || compatible || nat64) {
            return ipv4(b, 12);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return ipv4(b, 2); // 6to4
        }
        return null;
    }

    /** 64:ff9b:1::/48, NAT64 for local use (RFC 8215): no public receiver is expected there. */
    private static boolean isLocalNat64(byte[] b) {
        return (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && b[4] == 0 && (b[5] & 0xff) == 0x01;
    }

    /** 2001::/32: Teredo tunnels carry an obfuscated IPv4 client address; no receiver is expected there. */
    private static boolean isTeredo(byte[] b) {
        return (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte[] b, int from) {
        try {
            return InetAddress.getByAddress(new byte[]{b[from], b[from + 1], b[from + 2], b[from + 3]});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
