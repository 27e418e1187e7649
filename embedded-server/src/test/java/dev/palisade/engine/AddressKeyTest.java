package dev.palisade.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an address is counted under: IPv4 as itself, IPv6 as its /64, anything else untouched. */
class AddressKeyTest {

    @Test
    void anIpv6AddressIsItsSlash64AndAnIpv4OneItself() {
        assertThat(AddressKey.of("2001:db8:5:6:a:b:c:d")).isEqualTo("2001:db8:5:6:0:0:0:0/64");
        assertThat(AddressKey.of("2001:DB8:5:6::1")).isEqualTo("2001:db8:5:6:0:0:0:0/64");
        assertThat(AddressKey.of("2001:db8:5:7::1")).isEqualTo("2001:db8:5:7:0:0:0:0/64");
        assertThat(AddressKey.of("203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(AddressKey.of("::ffff:203.0.113.9")).as("IPv4-mapped").isEqualTo("203.0.113.9");
        assertThat(AddressKey.of("2001:db8:5:6:a:b:c:d")).as("again, from this thread's last").isEqualTo("2001:db8:5:6:0:0:0:0/64");
        assertThat(AddressKey.of("")).isEmpty();
        assertThat(AddressKey.of(null)).isNull();
        assertThat(AddressKey.of("not:an:address:at:all")).isEqualTo("not:an:address:at:all");
    }
}
