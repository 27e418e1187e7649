package dev.palisade.console.ui.common;

import java.util.regex.Pattern;

/**
 * What the Events and Sessions address filters may send: the admin API matches {@code ip=} against the
 * one address a call came from, exactly (docs/protocol.md; no range). A typo or a CIDR range was sent as
 * it was and answered "No events match" (ux44 D9); it is now told here, and nothing is asked. An IPv6
 * address with its zone ({@code fe80::1%eth0}, as {@code ip addr} prints a link-local one) is sent without the
 * zone: the server writes a client's address with none, so with it nothing would match (ux47).
 */
public final class AddressFilter {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Hex groups and colons, an IPv4 tail allowed; the JDK then parses it as a literal, never a name to look up. */
    private static final Pattern IPV6_SHAPE = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");
    /** An IPv6 zone id (RFC 4007): an interface's name or number. */
    private static final Pattern ZONE_ID = Pattern.compile("[0-9A-Za-z._-]+");

    private AddressFilter() {}

    /** Why {@code typed} cannot be sent as the address filter, in the operator's words; empty when it can (blank: no filter). */
    public static String problem(String typed) {
        String text = typed == null ? "" : typed.strip();
        if (text.isEmpty() || isAddress(text) || withoutZone(text) != null) return "";
        int slash = text.indexOf('/');
        String before = slash > 0 ? text.substring(0, slash) : "";
        String address = withoutZone(before) != null ? withoutZone(before) : before;
        if (slash > 0 && isAddress(address) && prefixFits(address, text.substring(slash + 1))) {
            return "Only a single address is matched: " + text + " is a range. Filter by one address, such as "
                    + text.substring(0, slash) + ".";
        }
        return "Not an address: " + text + ". The filter takes one IPv4 or IPv6 address, such as 203.0.113.7.";
    }

    /** What is sent for {@code typed}: without the spaces around it and an IPv6 address's zone; null when blank. */
    public static String sent(String typed) {
        String text = typed == null ? "" : typed.strip();
        if (text.isEmpty()) return null;
        String bare = withoutZone(text);
        return bare != null ? bare : text;
    }

    /** The IPv6 address before a zone id ({@code fe80::1} of {@code fe80::1%eth0}); null when {@code text} is no such thing. */
    private static String withoutZone(String text) {
        int percent = text.indexOf('%');
        if (percent < 0) return null;
        String address = text.substring(0, percent);
        if (!address.contains(":") || !ZONE_ID.matcher(text.substring(percent + 1)).matches() || !isAddress(address)) return null;
        return address;
    }

    /**
     * Whether an event's address is the filter's, in any spelling ({@code ::1} and {@code 0:0:0:0:0:0:0:1}), as the
     * admin API matches it: live events are matched here, and compared as text they missed what the server matched.
     */
    public static boolean same(String filter, String address) {
        if (filter.equals(address)) return true;
        if (address == null || !isAddress(filter) || !isAddress(address)) return false;
        try {
            return java.net.InetAddress.getByName(filter).equals(java.net.InetAddress.getByName(address));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static boolean isAddress(String text) {
        if (IPV4.matcher(text).matches()) return true;
        if (!IPV6_SHAPE.matcher(text).matches()) return false;
        try {
            // a text with a colon is parsed as an IPv6 literal, or refused; no name is looked up
            return java.net.InetAddress.getByName(text) != null;
        } catch (java.net.UnknownHostException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean prefixFits(String address, String prefix) {
        if (!prefix.matches("\\d{1,3}")) return false;
        return Integer.parseInt(prefix) <= (address.contains(":") ? 128 : 32);
    }
}
