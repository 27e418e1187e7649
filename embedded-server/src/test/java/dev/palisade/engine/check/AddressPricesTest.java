package dev.palisade.engine.check;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A session called from a NAT pool's addresses is priced on every call: each address's price is worked out once a second. */
class AddressPricesTest {

    private final AtomicInteger asked = new AtomicInteger();
    private final AddressPrices prices = new AddressPrices((ip, now) -> 14 + asked.incrementAndGet());

    @Test
    void anAddressIsPricedOnceASecond() {
        assertThat(prices.bitsFor("192.0.2.7", 1_000)).isEqualTo(15);
        assertThat(prices.bitsFor("192.0.2.7", 1_000)).as("the same instant").isEqualTo(15);
        assertThat(prices.bitsFor("192.0.2.7", 1_999)).as("within its second").isEqualTo(15);
        assertThat(prices.bitsFor("192.0.2.8", 1_999)).as("another address, its own price").isEqualTo(16);
        assertThat(prices.bitsFor("192.0.2.7", 1_999)).as("and the first kept beside it").isEqualTo(15);
        assertThat(prices.bitsFor("192.0.2.7", 2_000)).as("a second on").isEqualTo(17);
        assertThat(prices.bitsFor("192.0.2.7", 1_500)).as("a clock set back asks again").isEqualTo(18);
    }

    @Test
    void aFullTableStartsAgainRatherThanGrow() {
        for (int i = 0; i < AddressPrices.MAX; i++) prices.bitsFor("10.0." + (i >> 8) + "." + (i & 255), 0);
        prices.bitsFor("10.0.0.0", 0);
        assertThat(asked.get()).as("a full table keeps what it holds").isEqualTo(AddressPrices.MAX);
        prices.bitsFor("192.0.2.1", 0); // one more: the table is emptied for it
        prices.bitsFor("10.0.0.0", 0);
        assertThat(asked.get()).as("an address from before the table was emptied is priced again").isEqualTo(AddressPrices.MAX + 2);
    }
}
