package dev.palisade.http;

import dev.palisade.engine.blacklist.AddressSet;
import org.eclipse.jetty.util.InetAddressSet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.regex.Pattern;

/** The engine's {@link AddressSet} port on Jetty's {@link InetAddressSet} (addresses, CIDR, ranges). */
public final class JettyAddressSets implements AddressSet.Factory {

    /** Only literals, CIDR and ranges: InetAddressSet would resolve a host name through DNS. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:/\\-]{2,100}");

    @Override
    public AddressSet of(Collection<String> patterns) {
        InetAddressSet set = new InetAddressSet();
        for (String p : patterns) {
            if (LITERAL.matcher(p).matches()) set.add(p);
        }
        if (set.isEmpty()) return address -> false;
        return address -> {
            InetAddress a = parse(address);
            return a != null && set.test(a);
        };
    }

    @Override
    public void check(String pattern) {
        if (pattern == null || !LITERAL.matcher(pattern).matches()) {
            throw new IllegalArgumentException("not an address, CIDR range or address range: " + pattern);
        }
        new InetAddressSet().add(pattern);
    }

    static InetAddress parse(String literal) {
        if (literal == null || literal.isEmpty() || !LITERAL.matcher(literal).matches() || literal.contains("/")) return null;
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
