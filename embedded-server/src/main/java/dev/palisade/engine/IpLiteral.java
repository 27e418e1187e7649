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
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiteral() {}

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
