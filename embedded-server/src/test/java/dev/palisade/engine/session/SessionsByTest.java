package dev.palisade.engine.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Groups of one are the session itself, larger ones an array: both read the same. */
class SessionsByTest {

    private final SessionsBy byIp = new SessionsBy(Session::clientIp);

    private static Session session(String id, String ip) {
        return new Session(new SessionRecord(id, "alice", SessionOrigin.BROWSER, 0, 0, ip, "ua",
                0, 0, 0, new byte[32], null, ""));
    }

    @Test
    void aGroupGrowsFromOneSessionToManyAndShrinksBackToOne() {
        Session a = session("a", "10.0.0.1");
        Session b = session("b", "10.0.0.1");
        Session c = session("c", "10.0.0.1");
        assertThat(byIp.of("10.0.0.1")).isEmpty();
        byIp.add(a);
        assertThat(byIp.of("10.0.0.1")).containsExactly(a);
        byIp.add(b);
        byIp.add(c);
        assertThat(byIp.of("10.0.0.1")).containsExactly(a, b, c);
        byIp.remove(b);
        assertThat(byIp.of("10.0.0.1")).containsExactly(a, c);
        byIp.remove(a);
        assertThat(byIp.of("10.0.0.1")).containsExactly(c);
        byIp.add(a);
        assertThat(byIp.of("10.0.0.1")).containsExactly(c, a);
        byIp.remove(a);
        assertThat(byIp.of("10.0.0.1")).as("the first of two left").containsExactly(c);
        byIp.remove(c);
        assertThat(byIp.of("10.0.0.1")).isEmpty();
        assertThat(byIp.of(null)).isEmpty();
    }

    @Test
    void removingASessionNotInItsGroupChangesNothing() {
        Session a = session("a", "10.0.0.1");
        byIp.add(a);
        byIp.remove(session("x", "10.0.0.1"));
        assertThat(byIp.of("10.0.0.1")).containsExactly(a);
        Session b = session("b", "10.0.0.1");
        byIp.add(b);
        byIp.remove(session("y", "10.0.0.1"));
        assertThat(byIp.of("10.0.0.1")).containsExactly(a, b);
    }

    @Test
    void aNewSessionSharesTheKeyStringOfItsGroup() {
        Session a = session("a", new String("10.0.0.1"));
        byIp.add(a);
        assertThat(byIp.keyOf(new String("10.0.0.1"))).isSameAs(a.clientIp());
        String fresh = new String("10.0.0.2");
        assertThat(byIp.keyOf(fresh)).isSameAs(fresh);
    }

    @Test
    void addressesWhoseStringHashesCollideKeepTheirOwnGroups() {
        java.util.List<Session> all = new java.util.ArrayList<>();
        for (int i = 0; i < 1 << 11; i++) { // "Aa" and "BB" pairs: one String.hashCode for all 2 048
            StringBuilder b = new StringBuilder("2001:db8::");
            for (int bit = 0; bit < 11; bit++) b.append((i >>> bit & 1) == 0 ? "Aa" : "BB");
            Session s = session("s" + i, b.toString());
            byIp.add(s);
            all.add(s);
        }
        Session second = session("again", new String(all.get(5).clientIp()));
        byIp.add(second);
        for (int i = 0; i < all.size(); i++) {
            Session s = all.get(i);
            if (i == 5) assertThat(byIp.of(new String(s.clientIp()))).containsExactly(s, second);
            else assertThat(byIp.of(new String(s.clientIp()))).containsExactly(s);
        }
        for (Session s : all) byIp.remove(s);
        assertThat(byIp.of(all.get(5).clientIp())).containsExactly(second);
        assertThat(byIp.of(all.get(6).clientIp())).isEmpty();
    }
}
