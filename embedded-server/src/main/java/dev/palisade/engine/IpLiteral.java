package dev.palisade.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals, and nothing else: {@link InetAddress#getByName} looks a name up in DNS
 * whenever its text is not a valid literal ("cafe", "999.1.1.1"), so text reaches it only once it
 * has the shape of a dotted quad, or contains a colon (which the JDK parses as IPv6 without a lookup).
 */
public final class IpLiteral {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern V4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** The JDK parses text as a literal only when it begins with a hex digit or a colon; other text it looks up. */
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

    private IpLiteral() {}

    /**
     * Whether {@code text} is an address, a CIDR network ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, no
     * host bits set) or an address range ({@code 192.0.2.10-192.0.2.20}, first to last): what a
     * blacklist or a trusted proxy may name, as Jetty's {@code InetAddressSet} takes it. Checked without
     * a lookup, so a set built of such text never asks DNS (Jetty's older octet ranges such as
     * {@code 10.10.10-11.1-255} are not taken: Jetty looks their first part up as a name).
     */
    public static boolean isRange(String text) {
        if (text == null || text.length() > 100) return false;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            InetAddress address = parse(text.substring(0, slash));
            String bits = text.substring(slash + 1);
            if (address == null || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            byte[] network = address.getAddress();
            int prefix = Integer.parseInt(bits);
            if (prefix > network.length * 8) return false;
            for (int bit = prefix; bit < network.length * 8; bit++) {
                if ((network[bit / 8] & (0x80 >>> (bit % 8))) != 0) return false; // host bits: Jetty refuses 10.0.0.5/24
            }
            return true;
        }
        int dash = text.indexOf('-');
        if (dash < 0) return parse(text) != null;
        InetAddress from = parse(text.substring(0, dash));
        InetAddress to = parse(text.substring(dash + 1));
        if (from == null || to == null) return false;
        byte[] first = from.getAddress();
        byte[] last = to.getAddress();
        return first.length == last.length && java.util.Arrays.compareUnsigned(first, last) <= 0;
    }

    /** @return the address, or null when {@code text} is not an IPv4 or IPv6 literal */
    public static InetAddress parse(String text) {
        if (text == null) return null;
        boolean v6 = text.indexOf(':') >= 0;
        if (!(v6 ? V6 : V4).matcher(text).matches()) return null;
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The literal's network under a mask, e.g. {@code 10.1.2.0/24} or {@code 2001:db8:1:2:0:0:0:0/64}.
     *
     * @return the network, or null when {@code text} is not a literal
     */
    public static String network(String text, int ipv4Prefix, int ipv6Prefix) {
        InetAddress address = parse(text);
        if (address == null) return null;
        byte[] bytes = address.getAddress();
        int prefix = bytes.length == 4 ? ipv4Prefix : ipv6Prefix;
        for (int bit = prefix; bit < bytes.length * 8; bit++) bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        try {
            return InetAddress.getByAddress(bytes).getHostAddress().toLowerCase(java.util.Locale.ROOT) + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
