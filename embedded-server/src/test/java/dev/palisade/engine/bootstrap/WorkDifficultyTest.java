package dev.palisade.engine.bootstrap;

import dev.palisade.engine.config.Settings;
import dev.palisade.engine.session.SessionPolicy;
import dev.palisade.engine.session.SessionRegistry;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof of work's size per caller: each threshold of the caller record at its exact value and one
 * below, the bounds, and the one-minute window. Live sessions are counted by the engine tests.
 */
class WorkDifficultyTest {

    private static final long T0 = 1_800_000_000_000L;
    private final CallerRecord record = new CallerRecord();
    private final AtomicReference<Settings> settings = new AtomicReference<>(Settings.defaults());
    private final SessionRegistry sessions = new SessionRegistry(() -> 1_000, () -> new SessionPolicy(
            java.time.Duration.ofMinutes(30), java.time.Duration.ofHours(12)));
    private final java.util.concurrent.atomic.AtomicLong loginsClock = new java.util.concurrent.atomic.AtomicLong(T0);
    private final LoginPressure logins = new LoginPressure(loginsClock::get);

    /** The password checks' line full in {@code seconds} more seconds of the minute from T0. */
    private void fullSeconds(int seconds) {
        for (int i = 0; i < seconds; i++) {
            logins.full();
            loginsClock.addAndGet(1_000);
        }
    }
    private final WorkDifficulty difficulty = new WorkDifficulty(settings::get, record, sessions, logins);

    private void deny(String ip, int times) {
        for (int i = 0; i < times; i++) record.denied(ip, T0);
    }

    /** The bits a page asks of {@code ip}; as an operator is told them, term by term, too ({@code GET /admin/price}). */
    private int bits(String ip) {
        int bits = difficulty.bitsFor(ip, T0);
        WorkDifficulty.Price told = difficulty.priceFor(ip, T0);
        assertThat(told.bits()).as("the price told term by term").isEqualTo(bits);
        assertThat(Math.max(settings.get().powMinBits(), Math.min(settings.get().powMaxBits(),
                told.base() + told.terms().stream().mapToInt(WorkDifficulty.Price.Term::bits).sum()))).isEqualTo(bits);
        return bits;
    }

    @Test
    void aCleanCallerGetsTheConfiguredBits() {
        assertThat(bits("192.0.2.1")).isEqualTo(14);
        settings.set(Settings.defaults().with(Map.of("powBits", 12L)));
        assertThat(bits("192.0.2.1")).isEqualTo(12);
    }

    /*
     * Audit ladder58 M1: a guess costs the server a PBKDF2 (about 150 ms of a core) and the guesser a page's work
     * (about 8 ms natively): while the password checks are full, every caller's page asks more, so a ticket costs
     * about its check. Counted in seconds of a full line, so a one-second burst is one second (review 58, R2).
     */
    @Test
    void secondsOfFullPasswordChecksAddOneTwoAndFourBitsForEveryCallerAtOneTenAndThirty() {
        assertThat(bits("192.0.2.1")).isEqualTo(14);
        fullSeconds(1);
        assertThat(bits("192.0.2.1")).isEqualTo(15);
        assertThat(bits("198.51.100.7")).as("any caller, in any network").isEqualTo(15);
        fullSeconds(8);
        assertThat(bits("192.0.2.1")).as("nine").isEqualTo(15);
        fullSeconds(1);
        assertThat(bits("192.0.2.1")).as("ten").isEqualTo(16);
        fullSeconds(19);
        assertThat(bits("192.0.2.1")).as("29").isEqualTo(16);
        fullSeconds(1);
        assertThat(bits("192.0.2.1")).as("thirty").isEqualTo(18);
        assertThat(difficulty.addressBitsFor("192.0.2.1", T0)).as("the address's own record alone").isEqualTo(14);
        deny("192.0.2.1", 30);
        assertThat(bits("192.0.2.1")).as("with the address's own record, within powMaxBits").isEqualTo(22);
        assertThat(difficulty.addressBitsFor("192.0.2.1", T0)).isEqualTo(19);
        assertThat(difficulty.bitsFor("198.51.100.7", T0 + 180_000)).as("two windows later").isEqualTo(14);
    }

    /*
     * Contract audit 60, M2: GET /admin/price told only bits, with the busy logins' term, while the price checks (a
     * page, a ticket or a session used from another address) compare the address's own bits, without it: an operator
     * explaining a price refusal during a login flood read up to four bits the check ignores.
     */
    @Test
    void thePriceToldNamesTheAddresssOwnBitsThatThePriceChecksCompareWithoutTheBusyLoginsTerm() {
        deny("192.0.2.1", 3);
        WorkDifficulty.Price calm = difficulty.priceFor("192.0.2.1", T0);
        assertThat(calm.bits()).isEqualTo(15);
        assertThat(calm.addressBits()).as("no flood: the same figure").isEqualTo(15);
        fullSeconds(10);
        WorkDifficulty.Price flood = difficulty.priceFor("192.0.2.1", T0);
        assertThat(flood.bits()).as("a page asks two bits more during the flood").isEqualTo(17);
        assertThat(flood.addressBits()).as("what the price checks compare").isEqualTo(15)
                .isEqualTo(difficulty.addressBitsFor("192.0.2.1", T0));
        settings.set(Settings.defaults().with(Map.of("powMaxBits", 14L)));
        assertThat(difficulty.priceFor("192.0.2.1", T0).addressBits()).as("within the bounds too").isEqualTo(14);
    }

    @Test
    void aFlaggedBootstrapWeighsAsThreeDenialsOfTheAddressAndOfItsNetwork() {
        record.flagged("192.0.2.1", T0);
        assertThat(record.denials("192.0.2.1", T0)).isEqualTo(3);
        assertThat(record.networkDenials("192.0.2.9", T0)).isEqualTo(3);
        assertThat(bits("192.0.2.1")).as("the first flag: one bit more").isEqualTo(15);
        assertThat(bits("192.0.2.9")).as("a neighbour: below the /24's ten").isEqualTo(14);
    }

    @Test
    void denialsOfTheAddressAddOneTwoAndFourBitsAtThreeTenAndThirty() {
        deny("192.0.2.1", 2);
        assertThat(bits("192.0.2.1")).isEqualTo(14);
        deny("192.0.2.1", 1);
        assertThat(bits("192.0.2.1")).isEqualTo(15);
        deny("192.0.2.1", 6);
        assertThat(record.denials("192.0.2.1", T0)).isEqualTo(9);
        assertThat(bits("192.0.2.1")).as("nine: still +1, its /24 below ten").isEqualTo(15);
        deny("192.0.2.1", 1);
        assertThat(bits("192.0.2.1")).as("ten denials: +2, and its /24 has ten: +1").isEqualTo(17);
        deny("192.0.2.1", 19);
        assertThat(bits("192.0.2.1")).as("29: +2").isEqualTo(17);
        deny("192.0.2.1", 1);
        assertThat(bits("192.0.2.1")).as("thirty: +4, the /24 still below fifty: +1").isEqualTo(19);
    }

    @Test
    void denialsOfTheNetworkAddOneBitAtTenAndTwoAtFiftyForEveryAddressInIt() {
        for (int i = 0; i < 9; i++) deny("198.51.100." + (10 + i), 1);
        assertThat(bits("198.51.100.200")).isEqualTo(14);
        deny("198.51.100.19", 1);
        assertThat(bits("198.51.100.200")).isEqualTo(15);
        assertThat(bits("198.51.101.200")).as("another /24").isEqualTo(14);
        for (int i = 0; i < 39; i++) deny("198.51.100." + (20 + i), 1);
        assertThat(record.networkDenials("198.51.100.200", T0)).isEqualTo(49);
        assertThat(bits("198.51.100.200")).isEqualTo(15);
        deny("198.51.100.99", 1);
        assertThat(bits("198.51.100.200")).isEqualTo(16);
        for (int i = 0; i < 200; i++) deny("198.51.100." + (i % 250), 1);
        assertThat(bits("198.51.100.251")).as("a network adds at most two").isEqualTo(16);
    }

    @Test
    void pageLoadsAddOneTwoAndFourBitsAtTwentySixtyAndTwoHundred() {
        String ip = "2001:db8::5";
        for (int i = 0; i < 19; i++) record.pageServed(ip, T0);
        assertThat(bits(ip)).isEqualTo(14);
        record.pageServed(ip, T0);
        assertThat(bits(ip)).isEqualTo(15);
        for (int i = 0; i < 39; i++) record.pageServed(ip, T0);
        assertThat(bits(ip)).isEqualTo(15);
        record.pageServed(ip, T0);
        assertThat(bits(ip)).isEqualTo(16);
        for (int i = 0; i < 139; i++) record.pageServed(ip, T0);
        assertThat(bits(ip)).isEqualTo(16);
        record.pageServed(ip, T0);
        assertThat(bits(ip)).isEqualTo(18);
        assertThat(bits("2001:db8::6")).as("an IPv6 caller is its /64: its other addresses count with it").isEqualTo(18);
        assertThat(bits("2001:db8:0:1::5")).as("the next /64 is another caller").isEqualTo(14);
    }

    /* A farm of 100 addresses in one /24, each loading a few pages, was asked the base price for every session. */
    @Test
    void pageLoadsOfTheNetworkAddOneBitAtThreeHundredAndTwoAtAThousand() {
        for (int a = 1; a <= 100; a++) {
            for (int i = 0; i < 3; i++) record.pageServed("198.51.100." + a, T0);
        }
        assertThat(bits("198.51.100.200")).as("300 pages over the /24, 3 an address").isEqualTo(15);
        assertThat(bits("198.51.101.7")).as("the next /24 is another network").isEqualTo(14);
        for (int a = 1; a <= 100; a++) {
            for (int i = 0; i < 7; i++) record.pageServed("198.51.100." + a, T0);
        }
        assertThat(bits("198.51.100.200")).as("1 000 pages over the /24").isEqualTo(16);
        for (int i = 0; i < 299; i++) record.pageServed("203.0.113.9", T0);
        assertThat(bits("203.0.113.10")).as("299 pages: below the step").isEqualTo(14);
    }

    /*
     * An IPv6 caller is its /64, and its network was the same /64: a farm spread over the /64s of its /48 (one site's
     * usual share) paid the base price for every session however many pages and refusals it made.
     */
    @Test
    void anIpv6FarmSpreadOverTheSlash64sOfItsSlash48PaysForItsPagesAndRefusalsTogether() {
        for (int n = 1; n <= 100; n++) {
            for (int i = 0; i < 3; i++) record.pageServed("2001:db8:7:" + Integer.toHexString(n) + "::1", T0);
        }
        assertThat(bits("2001:db8:7:ffff::1")).as("300 pages over the /48, 3 a /64").isEqualTo(15);
        assertThat(bits("2001:db8:8::1")).as("the next /48 is another network").isEqualTo(14);
        for (int n = 1; n <= 10; n++) deny("2001:db8:9:" + n + "::1", 1);
        assertThat(bits("2001:db8:9:ff::1")).as("10 refusals over the /48").isEqualTo(15);
    }

    @Test
    void theBitsStopAtTheMaximum() {
        deny("192.0.2.1", 30);
        for (int i = 0; i < 200; i++) record.pageServed("192.0.2.1", T0);
        settings.set(Settings.defaults().with(Map.of("powMaxBits", 20L)));
        assertThat(bits("192.0.2.1")).isEqualTo(20);
    }

    @Test
    void theRecordForgetsAfterAMinuteToTheMillisecond() {
        deny("192.0.2.1", 3);
        record.pageServed("192.0.2.1", T0);
        assertThat(record.denials("192.0.2.1", T0 + 59_999)).isEqualTo(3);
        assertThat(record.pageLoads("192.0.2.1", T0 + 59_999)).isEqualTo(1);
        assertThat(record.pageWindowLeft("192.0.2.1", T0 + 59_999)).isEqualTo(1);
        assertThat(record.pageWindowLeft("192.0.2.1", T0 + 1)).isEqualTo(60);
        assertThat(record.pageWindowLeft("192.0.2.1", T0)).isEqualTo(60);
        assertThat(record.pageWindowLeft("192.0.2.9", T0)).isEqualTo(1);
        assertThat(record.denials("192.0.2.1", T0 + 60_000)).isZero();
        assertThat(record.networkDenials("192.0.2.1", T0 + 60_000)).isZero();
        assertThat(record.pageLoads("192.0.2.1", T0 + 60_000)).isZero();
        record.denied("192.0.2.1", T0 + 60_000);
        assertThat(record.denials("192.0.2.1", T0 + 60_000)).as("a new window starts at one").isEqualTo(1);
        record.sweep(T0 + 59_999);
        assertThat(record.pageLoads("192.0.2.1", T0 + 59_999)).as("a sweep keeps what is in its window").isEqualTo(1);
        record.sweep(T0 + 60_000);
        assertThat(record.pageWindowLeft("192.0.2.1", T0 + 60_000)).as("swept").isEqualTo(1);
        assertThat(record.denials("192.0.2.1", T0 + 60_000)).isEqualTo(1);
    }

    @Test
    void networksAreSlash24AndSlash48AndNamesAreTheirOwn() {
        assertThat(CallerRecord.network("10.1.2.3")).isEqualTo("net:10.1.2.0/24");
        assertThat(CallerRecord.network("2001:db8:1:2:3:4:5:6")).isEqualTo("net:2001:db8:1:0:0:0:0:0/48");
        assertThat(CallerRecord.network("unix-socket")).isEqualTo("net:unix-socket");
        assertThat(CallerRecord.network("2001:db8:1:2:0:0:0:0/64")).as("a caller's key").isEqualTo("net:2001:db8:1:0:0:0:0:0/48");
        record.denied("", T0);
        record.denied(null, T0);
        record.pageServed(null, T0);
        assertThat(record.denials(null, T0)).isZero();
        assertThat(record.networkDenials(null, T0)).isZero();
    }

    @Test
    void floodedWithAddressesTheRecordForgetsNewOnesRatherThanGrowsUntilASweepMakesRoom() {
        for (int i = 0; i < 200_000; i++) record.pageServed("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), T0);
        record.pageServed("10.0.0.0", T0);
        assertThat(record.pageLoads("10.0.0.0", T0)).as("a known address still counts").isEqualTo(2);
        record.pageServed("192.0.2.1", T0);
        assertThat(record.pageLoads("192.0.2.1", T0)).as("no room for a new one").isZero();
        record.pageServed("192.0.2.1", T0 + 60_000); // everything else is stale: swept, then counted
        assertThat(record.pageLoads("192.0.2.1", T0 + 60_000)).isEqualTo(1);
    }

    @Test
    void liveSessionsFromTheAddressAddOneBitAtTenAndTwoAtFifty() {
        String ip = "203.0.113.9";
        for (int i = 0; i < 9; i++) open(ip);
        assertThat(bits(ip)).isEqualTo(14);
        open(ip);
        assertThat(bits(ip)).isEqualTo(15);
        for (int i = 0; i < 39; i++) open(ip);
        assertThat(bits(ip)).isEqualTo(15);
        open(ip);
        assertThat(bits(ip)).isEqualTo(16);
        for (int i = 0; i < 100; i++) open(ip);
        assertThat(bits(ip)).as("sessions add at most two").isEqualTo(16);
        assertThat(bits("203.0.113.10")).isEqualTo(14);
    }

    private void open(String ip) {
        sessions.open("user", dev.palisade.engine.session.SessionOrigin.BROWSER, T0, ip, "ua",
                dev.palisade.engine.fingerprint.FingerprintPolicy.defaults().capture(ip, h -> null), "", id -> new byte[32], T0);
    }
}
