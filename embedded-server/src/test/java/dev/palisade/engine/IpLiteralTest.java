package dev.palisade.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Only text shaped like an address reaches InetAddress, so a client's header never causes a DNS lookup. */
class IpLiteralTest {

    @Test
    void addressLiteralsOfBothFamiliesAreRead() {
        assertThat(IpLiteral.parse("192.0.2.7").getHostAddress()).isEqualTo("192.0.2.7");
        assertThat(IpLiteral.parse("0.0.0.0")).isNotNull();
        assertThat(IpLiteral.parse("255.255.255.255")).isNotNull();
        assertThat(IpLiteral.parse("::1").getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(IpLiteral.parse("2001:DB8::5")).isNotNull();
        assertThat(IpLiteral.parse("::ffff:192.0.2.7")).isNotNull();
    }

    @Test
    void anythingElseIsNoAddressAndIsNeverLookedUp() {
        for (String text : new String[] {null, "", "cafe", "bad.cafe", "999.1.1.1", "256.0.0.1", "1.2.3", "1.2.3.4.5",
                "010.1.1.1", "localhost", ":::", "1::2::3", "fe80::1%eth0", "2001:db8::g", "[::1]"}) {
            // "localhost" would resolve if a name ever reached InetAddress: null shows it did not
            assertThat(IpLiteral.parse(text)).as(String.valueOf(text)).isNull();
            assertThat(IpLiteral.network(text, 24, 64)).as(String.valueOf(text)).isNull();
        }
    }

    @Test
    void networksAreMaskedToThePrefix() {
        assertThat(IpLiteral.network("10.1.2.3", 24, 64)).isEqualTo("10.1.2.0/24");
        assertThat(IpLiteral.network("10.1.255.3", 20, 64)).isEqualTo("10.1.240.0/20");
        assertThat(IpLiteral.network("2001:db8:1:2:3:4:5:6", 24, 64)).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(IpLiteral.network("2001:DB8:1:2::6", 24, 48)).isEqualTo("2001:db8:1:0:0:0:0:0/48");
    }
}
