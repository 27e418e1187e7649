package dev.palisade.http;

import dev.palisade.engine.fingerprint.FingerprintPolicy;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket's address, on a real Jetty server: formatted once per connection, and formatted again
 * when what the connection reports changes (here a wrapper reports another address, as a PROXY
 * protocol or forwarding layer would, while it shares the connection's attributes).
 */
class ClientAddressTest {

    private static final InetSocketAddress ELSEWHERE = new InetSocketAddress("198.51.100.7", 4321);

    private final ClientAddress addresses = new ClientAddress(FingerprintPolicy::defaults);
    private TextServer server;
    private String url;

    @BeforeEach
    void start() throws Exception {
        server = new TextServer(request -> addresses.of(request.getHeaders().contains("x-elsewhere") ? elsewhere(request) : request));
        url = server.url();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static Request elsewhere(Request request) {
        return new Request.Wrapper(request) {
            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return new ConnectionMetaData.Wrapper(super.getConnectionMetaData()) {
                    @Override
                    public SocketAddress getRemoteSocketAddress() { return ELSEWHERE; }
                };
            }
        };
    }

    private static String get(OkHttpClient client, String url, boolean elsewhere) throws IOException {
        okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(url);
        if (elsewhere) b.header("X-Elsewhere", "1");
        try (Response r = client.newCall(b.build()).execute()) {
            return r.body().string();
        }
    }

    /**
     * Some balancers (Azure's Application Gateway, for one) write each hop of X-Forwarded-For with its
     * port: the address is read without it, not given up for the proxy's own.
     */
    @Test
    void aTrustedProxysHopWithAPortIsTheAddressWithoutIt() throws Exception {
        FingerprintPolicy trusting = new FingerprintPolicy(FingerprintPolicy.defaults().actions(), 24, 64, java.util.List.of("127.0.0.1"));
        ClientAddress behind = new ClientAddress(() -> trusting);
        try (TextServer proxied = new TextServer(request -> behind.of(request))) {
            OkHttpClient client = new OkHttpClient();
            java.util.Map<String, String> seen = new java.util.LinkedHashMap<>();
            for (String hops : new String[] {"203.0.113.9:5678", "[2001:db8::9]:443", "[2001:db8::9]", "2001:db8::9",
                    "203.0.113.9:5678, 127.0.0.1:80", "203.0.113.9:x", "203.0.113.9:5678:1", "203.0.113.9:8",
                    "203.0.113.9:65090", "203.0.113.9:123456", "[2001:db8::9]:9", "[2001:db8::9]:x"}) {
                try (Response r = client.newCall(new okhttp3.Request.Builder().url(proxied.url())
                        .header("X-Forwarded-For", hops).build()).execute()) {
                    seen.put(hops, r.body().string());
                }
            }
            assertThat(seen).containsExactly(java.util.Map.entry("203.0.113.9:5678", "203.0.113.9"),
                    java.util.Map.entry("[2001:db8::9]:443", "2001:db8:0:0:0:0:0:9"),
                    java.util.Map.entry("[2001:db8::9]", "2001:db8:0:0:0:0:0:9"),
                    java.util.Map.entry("2001:db8::9", "2001:db8:0:0:0:0:0:9"),
                    java.util.Map.entry("203.0.113.9:5678, 127.0.0.1:80", "203.0.113.9"),
                    java.util.Map.entry("203.0.113.9:x", "127.0.0.1"),
                    java.util.Map.entry("203.0.113.9:5678:1", "127.0.0.1"),
                    java.util.Map.entry("203.0.113.9:8", "203.0.113.9"),
                    java.util.Map.entry("203.0.113.9:65090", "203.0.113.9"),
                    java.util.Map.entry("203.0.113.9:123456", "127.0.0.1"),
                    java.util.Map.entry("[2001:db8::9]:9", "2001:db8:0:0:0:0:0:9"),
                    java.util.Map.entry("[2001:db8::9]:x", "127.0.0.1"));
        }
    }

    @Test
    void eachConnectionHasItsOwnAddress() throws IOException {
        OkHttpClient one = new OkHttpClient();
        OkHttpClient two = LoopbackAlias.client("127.0.0.2");
        for (int i = 0; i < 3; i++) {
            assertThat(get(one, url, false)).isEqualTo("127.0.0.1");
            assertThat(get(two, url, false)).isEqualTo("127.0.0.2");
        }
        assertThat(one.connectionPool().connectionCount()).as("the calls shared one connection").isEqualTo(1);
    }

    @Test
    void aChangedAddressOnTheSameConnectionIsFormattedAgain() throws IOException {
        OkHttpClient client = new OkHttpClient();
        assertThat(get(client, url, false)).isEqualTo("127.0.0.1");
        assertThat(get(client, url, true)).isEqualTo("198.51.100.7");
        assertThat(get(client, url, false)).isEqualTo("127.0.0.1");
        assertThat(client.connectionPool().connectionCount()).as("the calls shared one connection").isEqualTo(1);
    }
}
