package dev.palisade.engine.auth;

import dev.palisade.engine.EngineTestBase;
import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.NotFoundException;
import dev.palisade.engine.admin.Actor;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Debug tokens on the real store: what is accepted as one, until when, and what is counted and kept. */
class DebugTokensTest extends EngineTestBase {

    private DebugTokens tokens() { return f.engine.debugTokens(); }

    private long now() { return f.clock.millis(); }

    private static java.util.List<String> fieldsRefused(Runnable create) {
        return catchThrowableOfType(create::run, InvalidInputException.class).errors().stream().map(FieldError::field).toList();
    }

    @Test
    void aNameIsOneTo64PrintableCharactersAndALifetimeOneMinuteTo30Days() {
        assertThat(tokens().create("n".repeat(64), 60L, Actor.OWNER).token().name()).hasSize(64);
        assertThat(tokens().create("  ci runner  ", 30L * 24 * 3600, Actor.OWNER).token().name()).isEqualTo("ci runner");
        assertThat(tokens().create("ü~ ok", 61L, Actor.OWNER).token().name()).isEqualTo("ü~ ok");
        assertThat(fieldsRefused(() -> tokens().create("n".repeat(65), 60L, Actor.OWNER))).containsExactly("name");
        assertThat(fieldsRefused(() -> tokens().create(" ", 60L, Actor.OWNER))).containsExactly("name");
        assertThat(fieldsRefused(() -> tokens().create(null, 60L, Actor.OWNER))).containsExactly("name");
        assertThat(fieldsRefused(() -> tokens().create("tab\there", 60L, Actor.OWNER))).containsExactly("name");
        assertThat(fieldsRefused(() -> tokens().create("del\u007f", 60L, Actor.OWNER))).containsExactly("name");
        assertThat(fieldsRefused(() -> tokens().create("ok", 59L, Actor.OWNER))).containsExactly("expiresInSeconds");
        assertThat(fieldsRefused(() -> tokens().create("ok", 30L * 24 * 3600 + 1, Actor.OWNER))).containsExactly("expiresInSeconds");
        assertThat(fieldsRefused(() -> tokens().create("ok", null, Actor.OWNER))).containsExactly("expiresInSeconds");
        assertThat(fieldsRefused(() -> tokens().create("", 0L, Actor.OWNER))).containsExactly("name", "expiresInSeconds");
        assertThat(tokens().list()).hasSize(3);
    }

    @Test
    void onlyTheWholeValueAuthenticatesAndOnlyBeforeItExpires() {
        DebugTokens.Created c = tokens().create("ci", 60L, Actor.OWNER);
        String value = c.value();
        assertThat(value).startsWith("pdt." + c.token().id() + ".");
        assertThat(tokens().authenticate(value, now())).isEqualTo(c.token());
        String secret = value.substring(value.lastIndexOf('.') + 1);
        for (String wrong : new String[] {null, "", "pdt.", "pdt." + c.token().id(), value.substring(4),
                "pdx." + value.substring(4), value + "x", value.substring(0, value.length() - 1),
                "pdt.nosuchid." + secret, "pdt." + c.token().id() + "." + secret.toUpperCase()}) {
            assertThat(tokens().authenticate(wrong, now())).as(String.valueOf(wrong)).isNull();
        }
        long expires = c.token().expiresAt();
        assertThat(tokens().authenticate(value, expires - 1)).as("its last millisecond").isNotNull();
        assertThat(tokens().authenticate(value, expires)).isNull();
        assertThat(c.token().state(expires - 1)).isEqualTo("active");
        assertThat(c.token().state(expires)).isEqualTo("expired");
    }

    @Test
    void aRevokedTokenNoLongerAuthenticatesAndRevokingTwiceKeepsTheFirstTime() {
        DebugTokens.Created c = tokens().create("ci", 600L, Actor.OWNER);
        DebugToken revoked = tokens().revoke(c.token().id(), Actor.OWNER);
        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked.state(now())).isEqualTo("revoked");
        assertThat(tokens().authenticate(c.value(), now())).isNull();
        f.clock.advance(Duration.ofSeconds(5));
        assertThat(tokens().revoke(c.token().id(), Actor.OWNER).revokedAt()).isEqualTo(revoked.revokedAt());
        assertThatThrownBy(() -> tokens().revoke("nosuchid", Actor.OWNER)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tokens().revoke(null, Actor.OWNER)).isInstanceOf(NotFoundException.class);
        f.restart();
        assertThat(tokens().list()).singleElement().satisfies(t -> assertThat(t.revokedAt()).isEqualTo(revoked.revokedAt()));
        assertThat(tokens().authenticate(c.value(), now())).as("still revoked after a restart").isNull();
    }

    @Test
    void usesAreCountedAtOnceAndKeptOnceFlushed() {
        DebugTokens.Created older = tokens().create("older", 600L, Actor.OWNER);
        f.clock.advance(Duration.ofSeconds(1));
        DebugTokens.Created c = tokens().create("ci", 600L, Actor.OWNER);
        long t = now();
        tokens().authenticate(c.value(), t + 2_000);
        tokens().authenticate(c.value(), t + 1_000); // out of order: the latest use stays the last
        tokens().authenticate(c.value() + "x", t + 3_000); // not a use
        assertThat(tokens().list()).extracting(DebugToken::name).containsExactly("older", "ci");
        DebugToken listed = tokens().list().get(1);
        assertThat(listed.uses()).isEqualTo(2);
        assertThat(listed.lastUsedAt()).isEqualTo(t + 2_000);
        assertThat(tokens().list().get(0).uses()).isZero();
        tokens().flushUses();
        tokens().authenticate(c.value(), t + 500);
        assertThat(tokens().list().get(1).uses()).as("written and pending together").isEqualTo(3);
        assertThat(tokens().list().get(1).lastUsedAt()).isEqualTo(t + 2_000);
        tokens().flushUses();
        tokens().flushUses();
        f.restart();
        DebugToken kept = tokens().list().stream().filter(x -> x.id().equals(c.token().id())).findFirst().orElseThrow();
        assertThat(kept.uses()).isEqualTo(3);
        assertThat(kept.lastUsedAt()).isEqualTo(t + 2_000);
        assertThat(tokens().authenticate(older.value(), now())).as("read back from the store").isNotNull();
    }

    @Test
    void creatingAndRevokingAreAuditedWithoutTheSecret() throws Exception {
        DebugTokens.Created c = tokens().create("ci", 90L, Actor.OWNER);
        tokens().revoke(c.token().id(), Actor.OWNER);
        tokens().revoke(c.token().id(), Actor.OWNER); // already revoked: no second event
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        var events = f.store.queryEvents(new dev.palisade.engine.event.EventQuery(null, null,
                dev.palisade.engine.event.EventType.ADMIN, null, null, null, 0, 10));
        assertThat(events).extracting(dev.palisade.engine.event.Event::code, dev.palisade.engine.event.Event::detail)
                .contains(org.assertj.core.groups.Tuple.tuple("debug_token_created",
                                "debug token 'ci' (" + c.token().id() + ") expires in 90 s"),
                        org.assertj.core.groups.Tuple.tuple("debug_token_revoked", "debug token 'ci' (" + c.token().id() + ") revoked"));
        assertThat(events).filteredOn(e -> e.code().equals("debug_token_revoked")).hasSize(1);
        String secret = c.value().substring(c.value().lastIndexOf('.') + 1);
        assertThat(events.toString()).doesNotContain(secret);
        assertThat(c.token().toString()).isEqualTo("DebugToken[" + c.token().id() + " ci]");
        assertThat(c.toString()).as("what was just created, printed").doesNotContain(secret).contains(c.token().id());
    }

    /* Audit conc55 L3, for debug tokens: a reload that had listed them before a revocation here made the token live again. */
    @Test
    void aReloadThatListedBeforeARevocationHereDoesNotMakeTheTokenLiveAgain() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            var listing = new dev.palisade.engine.OvertakenListing<>(dev.palisade.engine.store.DebugTokenStore.class,
                    f.store, "listDebugTokens", "revokeDebugToken");
            DebugTokens here = new DebugTokens(listing.store(), new dev.palisade.engine.event.Audit(e -> {},
                    new dev.palisade.engine.event.TrafficStats(), new dev.palisade.engine.event.RecentCalls(16),
                    dev.palisade.engine.config.Settings::defaults, f.clock), f.clock);
            DebugTokens.Created c = here.create("ci", 600L, Actor.OWNER);

            listing.overtake(here::reload, () -> here.revoke(c.token().id(), Actor.OWNER));

            assertThat(here.authenticate(c.value(), now())).as("revoked here while the reload listed").isNull();
        });
    }

    /*
     * Review 57, the sibling of audit path57 L2: a bootstrap with a forged debug token read the store for its id, SQLite on
     * a node alone, Redis on a cluster, once for every forged id.
     */
    @Test
    void forgedDebugTokensCostANodeAloneNoReadAndAClustersStoreAtMostOneEachTenthOfASecond() {
        int[] asked = {0};
        dev.palisade.engine.store.DebugTokenStore counting = new dev.palisade.engine.store.DebugTokenStore() {
            @Override public java.util.List<DebugToken> listDebugTokens() { return java.util.List.of(); }
            @Override public void insertDebugToken(DebugToken token) { }
            @Override public boolean revokeDebugToken(String id, long at) { return false; }
            @Override public void touchDebugTokens(String batch, java.util.Map<String, long[]> uses) { }
            @Override public DebugToken findDebugToken(String id) {
                asked[0]++;
                return null;
            }
        };
        dev.palisade.engine.event.Audit audit = new dev.palisade.engine.event.Audit(e -> {}, new dev.palisade.engine.event.TrafficStats(),
                new dev.palisade.engine.event.RecentCalls(16), dev.palisade.engine.config.Settings::defaults, f.clock);
        DebugTokens alone = new DebugTokens(counting, audit, f.clock);
        for (int i = 0; i < 100; i++) assertThat(alone.authenticate("pdt.forged" + i + ".secret", now())).isNull();
        assertThat(asked[0]).as("a node alone holds every token").isZero();

        DebugTokens node = new DebugTokens(counting, audit, f.clock, true);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) assertThat(node.authenticate("pdt.forged" + i + ".secret", now())).isNull();
        long tenths = (System.nanoTime() - start) / dev.palisade.engine.store.UnknownIdLookups.EVERY_NANOS;
        assertThat(asked[0]).as("asked in %d tenths of a second", tenths + 1).isBetween(1, (int) tenths + 1);
    }
}
