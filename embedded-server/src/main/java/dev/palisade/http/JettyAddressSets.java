package dev.palisade.http;

import dev.palisade.engine.IpLiteral;
import dev.palisade.engine.blacklist.AddressSet;
import org.eclipse.jetty.util.InetAddressSet;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's {@link AddressSet} port on Jetty's {@link InetAddressSet} (addresses, CIDR, ranges).
 *
 * <p>InetAddressSet tests its patterns one by one, which made a blacklist of 10 000 ranges cost
 * ~37 µs per request (BENCHMARKS.md). So IPv4 patterns that stay inside one /16 are filed under
 * their /16, each /16 with its own small InetAddressSet, and only the rest (wider ranges, IPv6) are
 * tested for every address. An IPv4 client whose /16 holds no pattern costs one binary search and
 * allocates nothing; InetAddressSet still decides every match.
 */
public final class JettyAddressSets implements AddressSet.Factory {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.\\d{1,3}\\.\\d{1,3}/(\\d{1,2})");
    private static final Pattern IPV4_RANGE =
            Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.\\d{1,3}\\.\\d{1,3}-(\\d{1,3})\\.(\\d{1,3})\\.\\d{1,3}\\.\\d{1,3}");

    @Override
    public AddressSet of(Collection<String> patterns) {
        Map<Integer, InetAddressSet> byPrefix = new TreeMap<>();
        InetAddressSet wide = new InetAddressSet();
        for (String p : patterns) {
            if (!IpLiteral.isRange(p)) continue; // only literals, CIDR and ranges: InetAddressSet would ask DNS for a name
            int prefix = slash16(p);
            if (prefix >= 0) byPrefix.computeIfAbsent(prefix, k -> new InetAddressSet()).add(p);
            else wide.add(p);
        }
        if (byPrefix.isEmpty() && wide.isEmpty()) return address -> false;
        return new Indexed(byPrefix, wide.isEmpty() ? null : wide);
    }

    @Override
    public void check(String pattern) {
        if (!IpLiteral.isRange(pattern)) {
            throw new IllegalArgumentException("not an address, CIDR range or address range: " + pattern);
        }
        new InetAddressSet().add(pattern);
    }

    /** The /16 (a << 8 | b) an IPv4 address, /16-or-longer CIDR or range lies in; -1 when none. */
    static int slash16(String pattern) {
        Matcher m = IPV4.matcher(pattern);
        if (m.matches()) return prefix(m.group(1), m.group(2));
        m = IPV4_CIDR.matcher(pattern);
        if (m.matches()) return Integer.parseInt(m.group(3)) >= 16 ? prefix(m.group(1), m.group(2)) : -1;
        m = IPV4_RANGE.matcher(pattern);
        if (m.matches()) {
            int from = prefix(m.group(1), m.group(2));
            return from >= 0 && from == prefix(m.group(3), m.group(4)) ? from : -1;
        }
        return -1;
    }

    private static int prefix(String a, String b) {
        int x = Integer.parseInt(a);
        int y = Integer.parseInt(b);
        return x > 255 || y > 255 ? -1 : x << 8 | y;
    }

    /** The /16 of a dotted-quad IPv4 literal, without allocating; -1 for anything else. */
    static int slash16OfAddress(String address) {
        int value = 0;
        int part = 0;
        int digits = 0;
        int prefix = -1;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) return -1;
            } else if (c == '.' && digits > 0 && part < 3) {
                if (part == 0) prefix = value << 8;
                else if (part == 1) prefix |= value;
                part++;
                value = 0;
                digits = 0;
            } else {
                return -1;
            }
        }
        return part == 3 && digits > 0 ? prefix : -1;
    }

    private static final class Indexed implements AddressSet {
        private final int[] prefixes;
        private final InetAddressSet[] sets;
        private final InetAddressSet wide;

        Indexed(Map<Integer, InetAddressSet> byPrefix, InetAddressSet wide) {
            List<Integer> keys = new ArrayList<>(byPrefix.keySet());
            this.prefixes = keys.stream().mapToInt(Integer::intValue).toArray();
            this.sets = keys.stream().map(byPrefix::get).toArray(InetAddressSet[]::new);
            this.wide = wide;
        }

        @Override
        public boolean contains(String address) {
            if (address == null || address.isEmpty()) return false;
            // an IPv4-mapped IPv6 literal is the IPv4 address to InetAddress, so file it the same way
            int prefix = slash16OfAddress(address.regionMatches(true, 0, "::ffff:", 0, 7) ? address.substring(7) : address);
            InetAddressSet narrow = null;
            if (prefix >= 0) {
                int i = Arrays.binarySearch(prefixes, prefix);
                if (i >= 0) narrow = sets[i];
            }
            if (narrow == null && wide == null) return false;
            InetAddress a = IpLiteral.parse(address);
            if (a == null) return false;
            return (narrow != null && narrow.test(a)) || (wide != null && wide.test(a));
        }
    }
}
