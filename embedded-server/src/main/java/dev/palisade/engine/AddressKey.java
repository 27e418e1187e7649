package dev.palisade.engine;

/**
 * What a caller's address is counted under, wherever Palisade counts or blocks per address (rate
 * windows of scope {@code ip}, auto-block, the proof of work's page loads and denials, page nonces per
 * address): an IPv4 address itself, an IPv6 address's /64 network. An IPv6 end site gets a /64 and
 * picks its addresses in it freely (privacy addresses), so counting each one apart would give one
 * caller as many fresh limits as it cares to use.
 */
public final class AddressKey {

    /** The IPv6 prefix a caller is known by. */
    public static final int IPV6_PREFIX = 64;

    /** This thread's last IPv6 address and its key: a caller sends many calls from one address. */
    private static final PerThread<String[]> LAST = PerThread.withInitial(() -> new String[2]);

    private AddressKey() {}

    /**
     * @return {@code ip} itself for IPv4 (an IPv4-mapped IPv6 address as IPv4), its network as
     * {@code 2001:db8:0:0:0:0:0:0/64} for IPv6, {@code ip} as it is when it is no literal (or null)
     */
    public static String of(String ip) {
        if (ip == null || ip.indexOf(':') < 0) return ip;
        String[] last = LAST.get();
        if (ip.equals(last[0])) return last[1];
        java.net.InetAddress address = IpLiteral.parse(ip);
        String key = address == null ? ip
                : address instanceof java.net.Inet4Address ? address.getHostAddress()
                : IpLiteral.network(ip, 32, IPV6_PREFIX);
        last[0] = ip;
        last[1] = key;
        return key;
    }
}
