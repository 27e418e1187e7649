package dev.palisade.http;

import org.eclipse.jetty.server.ConnectionMetaData;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HopTest {

    /** A connection as {@link Hop} reads it: its two addresses and its attributes, nothing else. */
    private static final class Connection {
        SocketAddress local = new InetSocketAddress("127.0.0.1", 8080);
        SocketAddress remote = new InetSocketAddress("192.0.2.7", 50_000);
        final Map<String, Object> attributes = new HashMap<>();

        ConnectionMetaData metaData() {
            return (ConnectionMetaData) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ConnectionMetaData.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getLocalSocketAddress" -> local;
                        case "getRemoteSocketAddress" -> remote;
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void writesTheAddressesOnceAndAgainOnlyWhenTheConnectionReportsOthers() {
        Connection c = new Connection();
        Hop first = Hop.of(c.metaData());
        assertThat(first.remoteText()).isEqualTo("192.0.2.7");
        assertThat(first.forwarded()).isEqualTo("by=\"127.0.0.1\";for=\"192.0.2.7\"");
        assertThat(Hop.of(c.metaData())).as("the same address objects: kept").isSameAs(first);

        c.remote = new InetSocketAddress("192.0.2.7", 50_000); // equal, but another object: written again
        assertThat(Hop.of(c.metaData())).isNotSameAs(first).isEqualTo(new Hop(c.local, c.remote, "192.0.2.7", first.forwarded()));
        c.remote = new InetSocketAddress("198.51.100.4", 1234);
        assertThat(Hop.of(c.metaData()).remoteText()).isEqualTo("198.51.100.4");
        c.local = new InetSocketAddress("127.0.0.2", 8080);
        assertThat(Hop.of(c.metaData()).forwarded()).startsWith("by=\"127.0.0.2\"");
    }

    @Test
    void anIpv6AddressIsBracketedAndQuotedAndAMissingOneIsUnknown() {
        Connection c = new Connection();
        c.remote = new InetSocketAddress("::1", 50_000);
        Hop v6 = Hop.of(c.metaData());
        assertThat(v6.remoteText()).as("bare, so it parses as an address").isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(v6.forwarded()).endsWith(";for=\"[0:0:0:0:0:0:0:1]\""); // RFC 7239: brackets, quoted
        c.remote = new InetSocketAddress("fe80::1%1", 50_000);
        assertThat(Hop.of(c.metaData()).remoteText()).as("no zone: it names this host's interface").isEqualTo("fe80:0:0:0:0:0:0:1");
        c.remote = InetSocketAddress.createUnresolved("client.example", 50_000);
        assertThat(Hop.of(c.metaData()).remoteText()).isEqualTo("client.example");
        c.remote = null;
        Hop none = Hop.of(c.metaData());
        assertThat(none.remoteText()).isNull();
        assertThat(none.forwarded()).endsWith(";for=unknown");
    }
}
