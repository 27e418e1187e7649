package dev.palisade.http;

import dev.palisade.engine.blacklist.AddressSet;
import org.eclipse.jetty.util.InetAddressSet;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JettyAddressSetsTest {

    private final JettyAddressSets factory = new JettyAddressSets();

    @Test
    void onlyAddressesCidrAndRangesPassTheCheckSoNoPatternIsLookedUpAsAName() {
        for (String ok : List.of("203.0.113.7", "198.51.100.0/24", "192.0.2.10-192.0.2.20", "2001:db8::/32", "2001:db8::1",
                "0.0.0.0/0", "10.0.0.1/32", "::/0", "2001:db8::1/128", "192.0.2.7-192.0.2.7")) {
            org.assertj.core.api.Assertions.assertThatCode(() -> factory.check(ok)).as(ok).doesNotThrowAnyException();
        }
        // names of hex digits and dotted numbers beyond 255 would go to DNS, at every rebuild of the set
        for (String bad : List.of("cafe", "dead.beef", "999.1.1.1", "10.0.0.0/99", "10.0.0.0/33", "2001:db8::/129",
                "10.0.0.1-2001:db8::9", "1.2.3", "10.0", "10.0.0.0/", "/8", "10.0.0.0/0008", "10.0.0.0/x8", "10.0.0.0/+8",
                // what Jetty itself refuses: host bits set, a range backwards; and its octet ranges, whose first part it looks up
                "10.0.0.5/24", "2001:db8::1/32", "10.0.0.9-10.0.0.1", "10.10.10-11.1-255")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory.check(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an address, CIDR range or address range");
        }
        assertThat(factory.of(List.of("cafe", "10.0.0.0/8")).contains("10.1.2.3")).as("a name in the list is no entry").isTrue();
    }

    @Test
    void everyKindOfPatternMatchesWhatItCoversAndNothingElse() {
        AddressSet set = factory.of(List.of("203.0.113.7", "198.51.100.0/24", "192.0.2.10-192.0.2.20", "10.0.0.0/8",
                "172.16.0.0-172.17.255.255", "2001:db8::/32", "not-an-address"));
        assertThat(set.contains("203.0.113.7")).isTrue();
        assertThat(set.contains("203.0.113.8")).isFalse();
        assertThat(set.contains("198.51.100.255")).isTrue();
        assertThat(set.contains("198.51.101.0")).isFalse();
        assertThat(set.contains("192.0.2.15")).isTrue();
        assertThat(set.contains("192.0.2.21")).isFalse();
        assertThat(set.contains("10.200.3.4")).as("a /8 is wider than its /16 index").isTrue();
        assertThat(set.contains("172.17.9.9")).as("a range over two /16s").isTrue();
        assertThat(set.contains("172.18.0.1")).isFalse();
        assertThat(set.contains("2001:db8::1")).isTrue();
        assertThat(set.contains("2001:db9::1")).isFalse();
        assertThat(set.contains("::ffff:203.0.113.7")).as("IPv4-mapped IPv6").isTrue();
        assertThat(set.contains("203.0.113")).isFalse();
        assertThat(set.contains("example.com")).as("never a DNS lookup").isFalse();
        assertThat(set.contains("")).isFalse();
        assertThat(factory.of(List.of()).contains("10.0.0.1")).isFalse();
    }

    @Test
    void tenThousandRangesAgreeWithOnePlainInetAddressSet() throws Exception {
        Random random = new Random(42);
        List<String> patterns = new ArrayList<>();
        InetAddressSet plain = new InetAddressSet();
        for (int i = 0; i < 10_000; i++) {
            int bits = 8 + random.nextInt(25);
            int network = random.nextInt() & (int) (0xffffffffL << (32 - bits)); // Jetty wants the host bits zero
            String p = quad(network) + "/" + bits;
            if (random.nextInt(10) == 0) p = quad(random.nextInt()); // some single addresses
            patterns.add(p);
            plain.add(p);
        }
        AddressSet indexed = factory.of(patterns);
        int hits = 0;
        for (int i = 0; i < 50_000; i++) {
            String a = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            boolean expected = plain.test(InetAddress.getByName(a));
            assertThat(indexed.contains(a)).as(a).isEqualTo(expected);
            if (expected) hits++;
        }
        for (String p : patterns.subList(0, 500)) {
            String a = p.contains("/") ? p.substring(0, p.indexOf('/')) : p;
            assertThat(indexed.contains(a)).as(a + " lies in " + p).isTrue();
        }
        assertThat(hits).as("the random addresses hit some ranges").isGreaterThan(100);
    }

    private static String quad(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }

    @Test
    void slash16OfAnAddressIsReadWithoutSurprises() {
        assertThat(JettyAddressSets.slash16OfAddress("10.1.2.3")).isEqualTo(10 << 8 | 1);
        assertThat(JettyAddressSets.slash16OfAddress("255.255.255.255")).isEqualTo(0xffff);
        assertThat(JettyAddressSets.slash16OfAddress("256.1.2.3")).isEqualTo(-1);
        assertThat(JettyAddressSets.slash16OfAddress("1.2.3")).isEqualTo(-1);
        assertThat(JettyAddressSets.slash16OfAddress("1.2.3.4.5")).isEqualTo(-1);
        assertThat(JettyAddressSets.slash16OfAddress("1..3.4")).isEqualTo(-1);
        assertThat(JettyAddressSets.slash16OfAddress("1.2.3.")).isEqualTo(-1);
        assertThat(JettyAddressSets.slash16OfAddress("::1")).isEqualTo(-1);
    }
}
