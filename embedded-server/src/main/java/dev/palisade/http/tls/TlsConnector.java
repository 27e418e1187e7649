package dev.palisade.http.tls;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.security.KeyStore;

/**
 * The API listener over TLS: HTTP/2 or HTTP/1.1 as the client's ALPN offers, TLS 1.2 and 1.3 only,
 * and {@code Strict-Transport-Security} on every answer when asked for. A request in the clear is
 * answered with a 400 that says to use https ({@link PlainHttpRefusal}).
 */
public final class TlsConnector {

    private TlsConnector() {}

    /** @param hstsSeconds the max-age of Strict-Transport-Security, or 0 for none */
    public static ServerConnector create(Server server, HttpConfiguration plain, KeyStore keys, long hstsSeconds) {
        HttpConfiguration https = new HttpConfiguration(plain);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // a development certificate names loopback addresses: a client asking for another name still gets an answer
        secure.setSniHostCheck(false);
        if (hstsSeconds > 0) secure.setStsMaxAge(hstsSeconds);
        https.addCustomizer(secure);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keys);
        tls.setKeyStorePassword(new String(PemKeys.PASSWORD));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // TLS 1.2's CBC suites (Jetty's defaults keep four) are outside Mozilla's "intermediate" profile; every
        // browser of TLS 1.2 speaks GCM or ChaCha20
        tls.addExcludeCipherSuites("^.*_CBC_.*$");
        tls.setCipherComparator(org.eclipse.jetty.http2.HTTP2Cipher.COMPARATOR);
        HttpConnectionFactory http11 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
        h2.setConnectProtocolEnabled(false); // no WebSocket over HTTP/2 or other tunnel (RFC 8441): no path answers one
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http11.getProtocol());
        SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());
        return new ServerConnector(server, new PlainHttpRefusal(ssl), ssl, alpn, h2, http11);
    }

    /** Where the connector's certificate is held, for a reload. */
    public static SslContextFactory.Server contextFactory(ServerConnector connector) {
        return connector.getConnectionFactory(SslConnectionFactory.class).getSslContextFactory();
    }
}
