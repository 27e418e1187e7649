package dev.palisade.console;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** What "Protect an API…" tells of the API's address: something answers there, or why nothing does. */
class UpstreamProbeTest {

    /* A review's find: localhost is 127.0.0.1 and ::1, the API listened on one, and only the first was tried. */
    @Test
    void anApiListeningOnOneOfItsNamesAddressesAnswers() throws Exception {
        try (ServerSocket api = new ServerSocket()) {
            api.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = api.getLocalPort();
            InetAddress elsewhere = InetAddress.getByName("127.0.0.2"); // nothing listens there on that port
            assertThat(UpstreamProbe.whyNotAnswering(new InetAddress[] {elsewhere, InetAddress.getByName("127.0.0.1")}, port, "api"))
                    .isNull();
            assertThat(UpstreamProbe.whyNotAnswering(new InetAddress[] {elsewhere}, port, "api")).isEqualTo("connection refused");
            assertThat(UpstreamProbe.whyNotAnswering(URI.create("http://127.0.0.1:" + port))).isNull();
        }
    }

    @Test
    void aNameWithoutAddressOrAPortOutOfRangeIsSaidSo() {
        assertThat(UpstreamProbe.whyNotAnswering(URI.create("http://no-such-host.invalid:3000")))
                .isEqualTo("no address is known for no-such-host.invalid");
        assertThat(UpstreamProbe.whyNotAnswering(URI.create("http://127.0.0.1:70000"))).isEqualTo("no port 70000");
    }
}
