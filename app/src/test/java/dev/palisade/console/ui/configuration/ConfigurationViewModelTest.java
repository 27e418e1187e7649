package dev.palisade.console.ui.configuration;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Configuration view's model against a real server: every change applied live, errors by field. */
class ConfigurationViewModelTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AdminClient admin;
    private ConfigurationViewModel model;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        admin = new AdminClient(server.context().adminUrl(), server.context().adminToken());
        model = new ConfigurationViewModel(admin, Background.direct());
        model.load();
    }

    @AfterEach
    void stop() { server.close(); }

    private SettingRow row(String name) {
        return model.settings().rows().stream().filter(r -> r.field().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void settingsAreEditedWithUnitsAndTheServersErrorsLandOnTheirField() {
        assertThat(row("bootstrapWindowSeconds").value().get()).isEqualTo("30");
        assertThat(row("bootstrapWindowSeconds").field().unit()).isEqualTo("s");
        row("bootstrapWindowSeconds").value().set("45");
        model.settings().apply();
        assertThat(admin.config()).containsEntry("bootstrapWindowSeconds", 45L);
        assertThat(model.settings().message().get()).as("named as the form names it")
                .isEqualTo("Applied " + row("bootstrapWindowSeconds").field().label() + "; in force now.")
                .doesNotContain("bootstrapWindowSeconds");
        // ux44 D6: one Apply marked "abc" alone; the ranges came a server round later, and a huge number
        // was "not a whole number". Every field is judged in one pass against the range printed beside it.
        row("accessTokenTtlSeconds").value().set("abc");
        row("bootstrapWindowSeconds").value().set("99999");
        row("clockLeewaySeconds").value().set("-5");
        model.settings().apply();
        assertThat(row("accessTokenTtlSeconds").error().get()).isEqualTo("a whole number, in s");
        assertThat(row("bootstrapWindowSeconds").error().get()).isEqualTo("must be between 1 and 600 s");
        assertThat(row("clockLeewaySeconds").error().get()).isEqualTo("must be between 0 and 300 s");
        assertThat(model.settings().message().get()).isEqualTo("Fix the marked fields.");
        row("accessTokenTtlSeconds").value().set("99999999999999999999999");
        model.settings().apply();
        assertThat(row("accessTokenTtlSeconds").error().get()).as("a whole number, too large").isEqualTo("must be between 10 and 86400 s");
        assertThat(admin.config()).containsEntry("bootstrapWindowSeconds", 45L);
    }

    /** ux44 D9: the tabs holding edits not applied, for their marks: named from the edit until Apply or Reload. */
    @Test
    void everyFormHoldingAnEditNotAppliedIsNamedUntilAppliedOrReloaded() {
        assertThat(model.unappliedTabs().get()).isEmpty();
        row("clockLeewaySeconds").value().set("12");
        model.windows().rows().get(0).value("limit").set("7");
        model.alerts().deniedPerMinute().set("3");
        assertThat(model.unappliedTabs().get()).containsExactly("TTLs", "Rates", "Alerts");
        model.settings().apply();
        model.windows().load();
        assertThat(model.unappliedTabs().get()).containsExactly("Alerts");
        model.alerts().apply();
        assertThat(model.unappliedTabs().get()).isEmpty();
        model.fingerprintPolicy().ipv4Prefix().set("16");
        assertThat(model.unappliedTabs().get()).containsExactly("Fingerprint");
        model.fingerprintPolicy().load();
        assertThat(model.unappliedTabs().get()).isEmpty();
        model.alerts().loginsPerUser().set("12");
        assertThat(model.unappliedTabs().get()).containsExactly("Alerts");
        model.alerts().load();
        assertThat(model.unappliedTabs().get()).isEmpty();
        model.alerts().loginsBusy().set(false);
        assertThat(model.unappliedTabs().get()).as("the busy-logins switch marks its tab").containsExactly("Alerts");
        model.alerts().load();
        assertThat(model.unappliedTabs().get()).isEmpty();
    }

    @Test
    void aCorrectedFieldLosesItsComplaintAndTheFormItsRefusal() {
        assertThat(row("accessTokenTtlSeconds").field().label()).isEqualTo("Access token lifetime");
        row("clockLeewaySeconds").value().set("ten");
        row("bootstrapWindowSeconds").value().set("abc");
        model.settings().apply();
        assertThat(row("clockLeewaySeconds").error().get()).contains("whole number");
        assertThat(model.settings().message().get()).isEqualTo("Fix the marked fields.");
        row("clockLeewaySeconds").value().set("10");
        assertThat(row("clockLeewaySeconds").error().get()).as("edited: the complaint was about the old value").isEmpty();
        assertThat(model.settings().message().get()).as("another field is still marked").isEqualTo("Fix the marked fields.");
        row("bootstrapWindowSeconds").value().set("0");
        assertThat(model.settings().message().get()).as("nothing marked any more").isEmpty();
        model.settings().apply();
        // the range printed beside the field is judged here, before the server is asked (ux44 D6)
        assertThat(row("bootstrapWindowSeconds").error().get()).isEqualTo("must be between 1 and 600 s");
        assertThat(model.settings().message().get()).isEqualTo("Fix the marked fields.");
        assertThat(admin.config()).as("nothing sent").doesNotContainEntry("clockLeewaySeconds", 10L);
        row("bootstrapWindowSeconds").value().set("20");
        assertThat(model.settings().message().get()).isEmpty();
        model.settings().apply();
        assertThat(admin.config()).containsEntry("bootstrapWindowSeconds", 20L).containsEntry("clockLeewaySeconds", 10L);
    }

    @Test
    void whatAnAllowedCallLeavesIsPickedFromItsChoices() {
        SettingRow allowed = row("allowedEvents");
        assertThat(allowed.field().isChoice()).isTrue();
        assertThat(allowed.field().choices()).containsExactly("rollup", "sampled", "all");
        assertThat(allowed.value().get()).isEqualTo("rollup");
        allowed.value().set("sometimes");
        model.settings().apply();
        assertThat(allowed.error().get()).isEqualTo("one of rollup, sampled, all");
        assertThat(admin.config()).containsEntry("allowedEvents", "rollup");
        allowed.value().set("sampled");
        row("allowedSampleEvery").value().set("10");
        model.settings().apply();
        assertThat(admin.config()).containsEntry("allowedEvents", "sampled").containsEntry("allowedSampleEvery", 10L);
        assertThat(allowed.error().get()).isEmpty();
        assertThat(model.settings().message().get()).contains("in force now");
    }

    @Test
    void keysRotateAndShowTheirTimeline() {
        assertThat(model.keys().signingKeys()).singleElement().satisfies(k -> assertThat(k.state()).isEqualTo("current"));
        java.util.List<String> asked = new java.util.ArrayList<>();
        model.keys().rotateSigningKey((header, detail) -> asked.add(header));
        assertThat(asked).as("with a grace, sessions go on: nothing to ask").isEmpty();
        assertThat(model.keys().signingKeys()).extracting(k -> k.state()).containsExactly("current", "grace");
        assertThat(model.keys().signingMessage().get())
                .startsWith("Rotated: " + model.keys().signingKeys().get(0).kid() + " signs from now on. Tokens the old key signed verify until ")
                .endsWith(" (3600 s); sessions go on with a new token at their next refresh.");
        model.keys().rotateSalt();
        assertThat(model.keys().salts()).hasSize(2);
        assertThat(model.keys().grace().get()).contains("3600 s");
        // a salt rotated out verifies no session (ux47): its state says what it still does
        assertThat(model.keys().salts()).extracting(KeysSection::saltState).containsExactly("current",
                "accepts logins begun before " + dev.palisade.console.ui.common.Formats.time(model.keys().salts().get(1).retiredAt()));
        assertThat(model.keys().saltsNote().get()).contains("re-hashes every live session")
                .contains("for 3600 s it only lets a login whose bootstrap began before the rotation complete");
        assertThat(model.keys().saltMessage().get()).endsWith("is current; every live session is re-hashed under it.");
    }

    /*
     * ux48b: with Rotated key grace at 0, "Rotate now" rotated the signing key at one click, which logs every user
     * out, and said only "New signing key … is current." at the foot of the tab. It asks first, and says what it did.
     */
    @Test
    void withNoGraceRotatingTheSigningKeyAsksFirstAndSaysEveryUserMustLogInAgain() {
        TestServer.Login demo = server.loginDemo();
        admin.updateConfig(java.util.Map.of("keyGraceSeconds", 0));
        java.util.List<String> asked = new java.util.ArrayList<>();
        java.util.List<String> besideTheButton = new java.util.ArrayList<>();
        model.keys().rotateSigningKey((header, detail) -> {
            besideTheButton.add(model.keys().signingMessage().get());
            return asked.add(header + " | " + detail) && false;
        });
        assertThat(besideTheButton).as("nothing begun while the dialog asks").containsExactly("");
        assertThat(asked).singleElement().asString()
                .contains("logging every user out")
                .contains("every session's token stops verifying at once and every user must log in again");
        assertThat(admin.keys("jwt")).as("declined: not rotated").hasSize(1);
        assertThat(model.keys().signingMessage().get()).isEqualTo("Not rotated: the current key stays.");
        assertThat(server.get(demo, "/api/notes")).isEqualTo(200);

        model.keys().rotateSigningKey((header, detail) -> true);
        assertThat(admin.keys("jwt")).hasSize(2);
        assertThat(model.keys().signingMessage().get()).isEqualTo("Rotated: " + model.keys().signingKeys().get(0).kid()
                + " signs from now on. Tokens the old key signed are refused: every user must log in again.");
        assertThat(server.get(demo, "/api/notes")).as("as the dialog said").isEqualTo(401);
    }

    /*
     * ux48: with Rotated key grace at 0 the Keys tab read "keeps verifying tokens for 0 s" and "for 0 s it only
     * lets a login … complete": a grace that is not one. It says the key stops at once, and the salt completes none.
     */
    @Test
    void withNoGraceTheKeysTabSaysARotatedOutKeyStopsAtOnce() {
        admin.updateConfig(java.util.Map.of("keyGraceSeconds", 0));
        model.keys().load();
        assertThat(model.keys().grace().get())
                .isEqualTo("A rotated-out signing key stops verifying at once: tokens it signed are refused from the"
                        + " rotation on (no grace; set in TTLs: Rotated key grace).")
                .doesNotContain("0 s");
        assertThat(model.keys().saltsNote().get())
                .isEqualTo("A rotation re-hashes every live session under the new salt. A salt rotated out verifies no"
                        + " session, and with no grace a login whose bootstrap began before the rotation cannot complete.")
                .doesNotContain("0 s");
    }

    @Test
    void aBlacklistEntryIsPreviewedOverRecentCallsBeforeItIsAdded() {
        TestServer.Login demo = server.loginDemo();
        for (int i = 0; i < 3; i++) assertThat(server.get(demo, "/api/notes")).isEqualTo(200);
        model.blacklist().load();
        int entries = model.blacklist().entries().size();
        model.blacklist().preview("ip", "127.0.0.0/8");
        assertThat(model.blacklist().message().get()).contains("would have refused 3 that were let through")
                .contains("blacklisted (ip 127.0.0.0/8)");
        model.blacklist().preview("ip", "10.0.0.0/8");
        assertThat(model.blacklist().message().get()).endsWith("would have decided nothing differently.");
        model.blacklist().preview("ip", "10.0.0.0/99");
        assertThat(model.blacklist().message().get()).startsWith("Refused, nothing added: value:");
        model.blacklist().load();
        assertThat(model.blacklist().entries()).as("nothing added").hasSize(entries);
    }

    @Test
    void aBlacklistReasonOverTheServersLimitIsNamedAsTheReasonAndNothingIsAdded() {
        model.blacklist().load();
        int entries = model.blacklist().entries().size();
        model.blacklist().draft().set("203.0.113.9");
        model.blacklist().add("ip", "203.0.113.9", "r".repeat(201), "");
        assertThat(model.blacklist().message().get())
                .isEqualTo("Reason: at most 200 characters (this one has 201); nothing added.");
        assertThat(model.blacklist().draft().get()).as("kept to be corrected").isEqualTo("203.0.113.9");
        model.blacklist().load();
        assertThat(model.blacklist().entries()).hasSize(entries);
        model.blacklist().add("ip", "203.0.113.9", "r".repeat(200), "");
        assertThat(model.blacklist().message().get()).isEqualTo("203.0.113.9 is blacklisted.");
    }

    /* ux44 D9: "Refused, nothing added: value: value must be 1–512 characters." said the field's name twice. */
    @Test
    void aRefusedBlacklistEntryNamesItsFieldOnce() {
        model.blacklist().add("ip", "", "", "");
        assertThat(model.blacklist().message().get()).isEqualTo("Refused, nothing added: value must be 1–512 characters.");
        model.blacklist().preview("ip", "10.0.0.0/99");
        assertThat(model.blacklist().message().get()).as("a field of the preview's document, named as the form names it")
                .isEqualTo("Refused, nothing added: value: not an address or CIDR range: 10.0.0.0/99.");
    }

    @Test
    void blacklistEntriesAreAddedRemovedAndImported() throws Exception {
        model.blacklist().add("user_agent", "^EvilBot", "test", "10");
        assertThat(model.blacklist().entries()).anySatisfy(e -> {
            assertThat(e.value()).isEqualTo("^EvilBot");
            assertThat(e.expiresAt()).isPositive();
        });
        var entry = model.blacklist().entries().stream().filter(e -> e.value().equals("^EvilBot")).findFirst().orElseThrow();
        model.blacklist().remove(entry);
        assertThat(model.blacklist().entries()).noneMatch(e -> e.value().equals("^EvilBot"));
        Path file = Files.writeString(dir.resolve("suspects.txt"), "198.51.100.0/24\nuser_agent BadCrawler # seen\n");
        java.util.List<BlacklistSection.ImportPlan> asked = new java.util.ArrayList<>();
        model.blacklist().planImport(file, asked::add);
        assertThat(asked).singleElement().satisfies(plan -> {
            assertThat(plan.header()).isEqualTo("Import 2 entries from suspects.txt?");
            assertThat(plan.detail()).startsWith("1 address, range or session. 1 User-Agent pattern (BadCrawler): each refuses every"
                    + " call whose User-Agent it matches. Over the last").endsWith("They apply at once.");
        });
        assertThat(model.blacklist().entries()).as("nothing added before the operator confirms")
                .noneMatch(e -> e.value().equals("BadCrawler"));
        model.blacklist().importPlanned(asked.get(0));
        assertThat(model.blacklist().message().get()).isEqualTo("2 entries imported from suspects.txt.");
        // as the window imports: a plan, the operator's yes, then the text that was planned (audit 51 L9)
        Path another = Files.writeString(dir.resolve("worse.txt"), "user_agent WorseCrawler\n");
        model.blacklist().planImport(another, asked::add);
        assertThat(asked).hasSize(2);
        Files.writeString(another, "user_agent WorseCrawler\n192.0.2.0/24\n"); // changed after the operator was asked
        model.blacklist().importPlanned(asked.get(1));
        assertThat(model.blacklist().message().get()).isEqualTo("1 entry imported from worse.txt.");
        assertThat(model.blacklist().entries()).as("what was confirmed, not what the file says now")
                .anyMatch(e -> e.value().equals("WorseCrawler")).noneMatch(e -> e.value().equals("192.0.2.0/24"));
        asked.remove(1);
        model.blacklist().planImport(file, asked::add);
        assertThat(asked).as("nothing to ask about").hasSize(1);
        assertThat(model.blacklist().message().get()).as("a file imported again")
                .isEqualTo("No entry imported from suspects.txt; 2 were listed already or given twice.");
        // more patterns than the preview takes (1 000): the first are replayed, and the operator is still asked
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1_200; i++) many.append("user_agent ManyCrawler").append(i).append('\n');
        Path big = Files.writeString(dir.resolve("crawlers.txt"), many.toString());
        model.blacklist().planImport(big, asked::add);
        assertThat(asked).as(model.blacklist().message().get()).hasSize(2);
        assertThat(asked.get(1).header()).isEqualTo("Import 1200 entries from crawlers.txt?");
        assertThat(asked.get(1).detail()).contains("1200 User-Agent patterns").contains("The first 500, replayed: Over the last");
        model.blacklist().draft().set("example.com");
        model.blacklist().add("ip", "example.com", "", "");
        assertThat(model.blacklist().message().get()).startsWith("Refused, nothing added: ").endsWith(".").doesNotContain(";.");
        assertThat(model.blacklist().draft().get()).as("kept for the operator to correct").isEqualTo("example.com");
        model.blacklist().draft().set("203.0.113.9");
        model.blacklist().add("ip", "203.0.113.9", "", "");
        assertThat(model.blacklist().message().get()).isEqualTo("203.0.113.9 is blacklisted.");
        assertThat(model.blacklist().draft().get()).as("added: the field is free for the next one").isEmpty();
        model.blacklist().add("ip", "10.0.0.1", "", "soon");
        assertThat(model.blacklist().message().get()).contains("minutes");
        model.blacklist().add("token", "stolen-token-value-123", "", "");
        assertThat(model.blacklist().message().get()).as("a token is a secret: the window does not show it")
                .isEqualTo("The token is blacklisted.");
    }

    @Test
    void rateWindowsAndSequenceRulesAreLoadedAsForms() {
        assertThat(model.windows().rows()).hasSize(6).allSatisfy(r -> assertThat(r.kind()).isEqualTo(RowKind.RATE_WINDOW));
        assertThat(model.rules().rows()).extracting(r -> r.kind().type()).containsExactly("requires-prior", "max-sessions");
    }

    @Test
    void usersAndKeysMadeElsewhereShowWhenTheViewIsOpenedAgain() {
        admin.createUser("made-by-a-script", "long enough");
        admin.createApiKey("nightly", java.util.List.of("/api/notes"));
        assertThat(model.access().users()).extracting(u -> u.username()).doesNotContain("made-by-a-script");
        model.settings().rows().get(0).value().set("an edit in progress");
        model.refreshLists();
        assertThat(model.access().users()).extracting(u -> u.username()).contains("demo", "made-by-a-script");
        assertThat(model.access().apiKeys()).extracting(k -> k.name()).contains("nightly");
        assertThat(model.settings().rows().get(0).value().get()).as("forms being edited stay").isEqualTo("an edit in progress");
    }

    @Test
    void usersAndApiKeysAreManagedAndAKeyIsShownOnce() {
        int[] forgotten = {0}; // the view clears the password field when told the user was created
        model.access().createUser("erin", "long enough", () -> forgotten[0]++);
        assertThat(model.access().users()).extracting(u -> u.username()).contains("demo", "erin");
        model.access().createUser("x y", "short", () -> forgotten[0]++);
        assertThat(model.access().userNote().text().get()).as("named as the form names it").startsWith("User name:");
        assertThat(model.access().userNote().refused().get()).isTrue();
        assertThat(forgotten[0]).as("a refused user's password stays in the field, to be corrected").isEqualTo(1);
        model.access().createApiKey("ci", "/api/notes, /api/cart");
        assertThat(model.access().createdKey().get()).startsWith("pal.");
        assertThat(model.access().apiKeys()).singleElement().satisfies(k -> assertThat(k.scopes())
                .containsExactly("/api/notes", "/api/cart"));
        model.access().forgetCreatedKey();
        assertThat(model.access().createdKey().get()).isEmpty();
        model.access().revokeApiKey(model.access().apiKeys().get(0));
        assertThat(model.access().apiKeys().get(0).state()).isEqualTo("revoked");
        model.access().deleteUser(model.access().users().stream().filter(u -> u.username().equals("erin")).findFirst().orElseThrow());
        assertThat(model.access().users()).extracting(u -> u.username()).doesNotContain("erin");
    }

    @Test
    void aDebugTokenIsShownOnceListedWithoutItsValueAndRevoked() {
        DebugTokensSection tokens = model.debugTokens();
        assertThat(tokens.tokens()).isEmpty();
        tokens.create("ci", DebugTokensSection.LIFETIMES.get(0));
        String value = tokens.created().get();
        assertThat(value).isNotBlank();
        assertThat(tokens.message().get()).contains("'ci'").contains("not shown again");
        assertThat(tokens.tokens()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("ci");
            assertThat(t.state()).isEqualTo("active");
            assertThat(t.uses()).isZero();
            assertThat(t.expiresAt() - t.createdAt()).isEqualTo(3_600_000);
            assertThat(t.toString()).doesNotContain(value);
        });
        tokens.dismissCreated();
        tokens.load();
        assertThat(tokens.created().get()).as("shown once, never again").isEmpty();

        tokens.revoke(tokens.tokens().get(0));
        assertThat(tokens.message().get()).contains("revoked");
        assertThat(tokens.tokens()).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo("revoked"));
    }

    @Test
    void aDebugTokenNeedsAName() {
        model.debugTokens().create("  ", DebugTokensSection.LIFETIMES.get(0));
        assertThat(model.debugTokens().message().get()).startsWith("name:");
        assertThat(model.debugTokens().created().get()).isEmpty();
        assertThat(admin.debugTokens()).isEmpty();
    }

    /*
     * Found in a usability run: Configuration's blacklist (and its other lists) showed what was there
     * when its tab was opened; an address Palisade blocked, or an entry another operator added, stayed
     * out of sight until the operator switched tabs, and an expired entry stayed in.
     */
    @Test
    void listsFollowChangesMadeElsewhereWhileShown() throws Exception {
        model.showing().set(true);
        admin.addToBlacklist("ip", "203.0.113.7", "from a script", null);
        admin.createUser("erin", "a-long-password-1");
        model.onEvents(adminEventsSince(0));
        assertThat(ours()).as("not before the tick").isEmpty();
        model.tick(System.currentTimeMillis());
        assertThat(ours()).containsExactly("203.0.113.7");
        assertThat(model.access().users()).extracting(u -> u.username()).contains("erin");

        model.showing().set(false);
        admin.addToBlacklist("ip", "203.0.113.8", null, 1L);
        model.onEvents(adminEventsSince(0));
        model.tick(System.currentTimeMillis());
        assertThat(ours()).as("a hidden view asks nothing").containsExactly("203.0.113.7");
        model.showing().set(true);
        model.tick(System.currentTimeMillis());
        assertThat(ours()).containsExactlyInAnyOrder("203.0.113.7", "203.0.113.8");

        long until = System.currentTimeMillis() + 10_000;
        while (admin.blacklistEntries().stream().anyMatch(e -> e.value().equals("203.0.113.8"))
                && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        model.tick(System.currentTimeMillis());
        assertThat(ours()).as("an expired entry goes, with no event").containsExactly("203.0.113.7");
    }

    /*
     * Session 49, item 2: a grace period another operator changed through the admin API stayed on the TTLs tab
     * (and the Keys tab's line on it) until Reload, while the lists followed; so did the other forms. The forms
     * follow as the lists do, at the tick after the admin event, while the view is shown; a field being edited
     * keeps the operator's value, and the tab says the server's moved under it.
     */
    @Test
    void formsFollowChangesMadeElsewhereWhileShownAndKeepTheOperatorsEdits() throws Exception {
        model.showing().set(true);
        admin.updateConfig(java.util.Map.of("keyGraceSeconds", 600));
        admin.updateAlerts(java.util.Map.of("deniedPerMinute", 7));
        model.onEvents(adminEventsSince(0));
        assertThat(row("keyGraceSeconds").value().get()).as("not before the tick").isEqualTo("3600");
        model.tick(System.currentTimeMillis());
        assertThat(row("keyGraceSeconds").value().get()).isEqualTo("600");
        assertThat(model.keys().grace().get()).contains("600 s");
        assertThat(model.alerts().deniedPerMinute().get()).isEqualTo("7");
        assertThat(model.unapplied()).as("what the server holds is no edit").isEmpty();

        long since = System.currentTimeMillis();
        row("clockLeewaySeconds").value().set("12"); // the operator's edit
        row("keyGraceSeconds").value().set("900");
        admin.updateConfig(java.util.Map.of("keyGraceSeconds", 60, "bootstrapWindowSeconds", 45));
        model.onEvents(adminEventsSince(since));
        model.tick(System.currentTimeMillis());
        assertThat(row("bootstrapWindowSeconds").value().get()).as("a field not edited follows").isEqualTo("45");
        assertThat(row("clockLeewaySeconds").value().get()).as("an edit stays").isEqualTo("12");
        assertThat(row("keyGraceSeconds").value().get()).isEqualTo("900");
        assertThat(model.settings().message().get()).contains("Rotated key grace").contains("60");
        model.settings().apply();
        assertThat(admin.config()).containsEntry("keyGraceSeconds", 900L).containsEntry("clockLeewaySeconds", 12L)
                .containsEntry("bootstrapWindowSeconds", 45L);
    }

    /*
     * Session 50: each form's follow (the read after another operator's change) dropped a failed read without a word,
     * so the form went on showing values the server no longer held, and Apply went over them. The forms follow through
     * one piece of code now, which tells a failed read; the operator's edits stay, and the next read that works takes
     * the line back. Session 51: the line replaced the form's own message (here its "Fix the marked fields."); it is a
     * line of its own now, and the operator reads both.
     */
    @Test
    void aFormsFailedReadAfterAChangeElsewhereIsToldOnItsOwnLineAndTheOperatorsEditsAndMessageStay() throws Exception {
        row("clockLeewaySeconds").value().set("12"); // edits in two forms; the other three hold none
        row("keyGraceSeconds").value().set("soon");
        model.settings().apply();
        assertThat(model.settings().message().get()).isEqualTo("Fix the marked fields.");
        model.alerts().deniedPerMinute().set("9");
        server = server.awayDuring(() -> {
            model.settings().follow();
            model.windows().follow();
            model.rules().follow();
            model.fingerprintPolicy().follow();
            model.alerts().follow();
        });
        assertThat(model.settings().unreadable().get()).startsWith("Cannot read the settings again after a change on the server: cannot reach")
                .endsWith("The form may show older values; your edits are kept. Reload reads them again.");
        assertThat(model.settings().message().get()).as("the form's own message stays beside it").isEqualTo("Fix the marked fields.");
        assertThat(model.windows().unreadable().get()).startsWith("Cannot read the rate windows again");
        assertThat(model.rules().unreadable().get()).startsWith("Cannot read the rules again");
        assertThat(model.fingerprintPolicy().unreadable().get()).startsWith("Cannot read the fingerprint policy again");
        assertThat(model.alerts().unreadable().get()).startsWith("Cannot read the alert settings again");
        assertThat(row("clockLeewaySeconds").value().get()).isEqualTo("12");
        assertThat(model.alerts().deniedPerMinute().get()).isEqualTo("9");

        admin.updateConfig(java.util.Map.of("bootstrapWindowSeconds", 45)); // the server is back; a change made there
        model.settings().follow();
        model.windows().follow();
        model.alerts().follow();
        assertThat(model.settings().unreadable().get()).as("the next read that works takes the line back").isEmpty();
        assertThat(model.settings().message().get()).isEqualTo("Fix the marked fields.");
        assertThat(model.windows().unreadable().get()).isEmpty();
        assertThat(model.alerts().unreadable().get()).isEmpty();
        model.rules().load();
        assertThat(model.rules().unreadable().get()).as("a load that works takes it back too").isEmpty();
        assertThat(row("bootstrapWindowSeconds").value().get()).isEqualTo("45");
        assertThat(row("clockLeewaySeconds").value().get()).as("still the operator's").isEqualTo("12");
        assertThat(model.alerts().deniedPerMinute().get()).isEqualTo("9");
        assertThat(model.unapplied()).containsExactly("TTLs", "Alerts");
    }

    /*
     * Session 51: a form's follows overlap when changes come quickly, and a slow server answers them in any order. An
     * older read answering after a newer one put the older values back in the form, and an older read's failure said
     * "Cannot read" after a newer read had worked. Only the newest read's answer is taken.
     */
    @Test
    void onlyTheNewestFollowsAnswerIsTakenWhateverOrderTheAnswersArriveIn() throws Exception {
        dev.palisade.console.ui.common.HeldAnswers held = new dev.palisade.console.ui.common.HeldAnswers();
        SettingsSection slow = new SettingsSection(admin, held);
        slow.load();
        held.deliverInOrder();
        java.util.function.Supplier<String> grace = () -> slow.rows().stream()
                .filter(r -> r.field().name().equals("keyGraceSeconds")).findFirst().orElseThrow().value().get();
        assertThat(grace.get()).isEqualTo("3600");

        slow.follow(); // reads 3600
        admin.updateConfig(java.util.Map.of("keyGraceSeconds", 600));
        slow.follow(); // reads 600
        held.deliverNewestFirst(); // the older copy lands last
        assertThat(grace.get()).as("the older copy does not put the older value back").isEqualTo("600");

        server = server.awayDuring(slow::follow); // this read fails
        admin.updateConfig(java.util.Map.of("keyGraceSeconds", 900));
        slow.follow(); // this one, newer, works
        held.deliverNewestFirst();
        assertThat(slow.unreadable().get()).as("an older read's failure after a newer read worked").isEmpty();
        assertThat(slow.message().get()).isEmpty();
        assertThat(grace.get()).isEqualTo("900");
    }

    /*
     * Session 50, under Xvfb: Alerts' auto-block switch and an Events message sent the operator to "Settings ›
     * autoBlockDenials" and "Settings › allowedEvents": the console has no Settings tab, and the TTLs tab, where these
     * are, labels them otherwise. They name the tab and the label the operator finds there.
     */
    @Test
    void hintsNameASettingByTheTabAndLabelTheOperatorFindsItUnder() {
        assertThat(AlertsPane.AUTO_BLOCKED).contains("TTLs › " + row("autoBlockDenials").field().label() + ")");
        assertThat(row("allowedEvents").field().label()).as("as the Events view names it").isEqualTo("Allowed calls leave");
    }

    /* ux44 D8: an API key's "Last used" stayed "—" after its use until the operator switched tabs. */
    @Test
    void anApiKeysLastUseShowsWhileTheAccessTabIsShown() throws Exception {
        String key = admin.createApiKey("billing sync", java.util.List.of("/api/notes")).key();
        model.showing().set(true);
        model.accessShown().set(true);
        model.access().load(); // the tab opened
        assertThat(model.access().apiKeys()).singleElement().satisfies(k -> assertThat(k.lastUsedAt()).isZero());

        var call = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.api("/api/notes")))
                .header("X-Api-Key", key).header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0").build();
        assertThat(java.net.http.HttpClient.newHttpClient().send(call, java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(200);
        model.accessShown().set(false);
        model.tick(System.currentTimeMillis());
        assertThat(model.access().apiKeys().get(0).lastUsedAt()).as("another tab: nothing asked").isZero();
        model.accessShown().set(true);
        model.tick(System.currentTimeMillis());
        assertThat(model.access().apiKeys().get(0).lastUsedAt()).as("read on the next tick").isPositive();
    }

    /*
     * Access's 2-second poll read every user each time, and a poll that failed replaced the operator's last
     * result ("User carol created.") with "Cannot read the list". The poll reads the keys alone; a failure is
     * said beside the lists and taken back by the next read that works; the operator's message stays.
     */
    @Test
    void accessPollsTheKeysAloneAndAFailedPollLeavesTheOperatorsMessage() throws Exception {
        java.util.Map<String, Integer> asked = new java.util.concurrent.ConcurrentHashMap<>();
        okhttp3.OkHttpClient counting = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
            if (chain.request().method().equals("GET")) asked.merge(chain.request().url().encodedPath(), 1, Integer::sum);
            return chain.proceed(chain.request());
        }).build();
        AdminClient watched = new AdminClient(server.context().adminUrl(), server.context().adminToken(), counting);
        java.util.concurrent.atomic.AtomicBoolean away = new java.util.concurrent.atomic.AtomicBoolean();
        Background flaky = flaky(away);
        ConfigurationViewModel access = new ConfigurationViewModel(watched, flaky);
        access.load();
        watched.createApiKey("billing sync", java.util.List.of("/api/notes"));
        access.showing().set(true);
        access.accessShown().set(true);
        access.access().createUser("carol", "a long enough password", () -> { });
        assertThat(access.access().userNote().text().get()).isEqualTo("User carol created.");
        int usersRead = asked.getOrDefault("/admin/users", 0);
        int keysRead = asked.getOrDefault("/admin/apikeys", 0);
        access.tick(System.currentTimeMillis());
        access.tick(System.currentTimeMillis());
        assertThat(asked.getOrDefault("/admin/users", 0)).as("users, asked again by the poll").isEqualTo(usersRead);
        assertThat(asked.getOrDefault("/admin/apikeys", 0)).as("keys, asked at each tick").isEqualTo(keysRead + 2);

        away.set(true);
        access.tick(System.currentTimeMillis());
        assertThat(access.access().unreadable().get()).as("beside the lists").isEqualTo("Cannot read the API keys: cannot reach the server");
        assertThat(access.access().userNote().text().get()).as("the operator's last result").isEqualTo("User carol created.");
        away.set(false);
        access.tick(System.currentTimeMillis());
        assertThat(access.access().unreadable().get()).as("taken back by the next read").isEmpty();
        assertThat(access.access().userNote().text().get()).isEqualTo("User carol created.");

        // a review's find: a users load that failed was never made again, and the keys' next read took its warning back
        away.set(true);
        access.access().load();
        assertThat(access.access().unreadable().get()).startsWith("Cannot read the users and API keys");
        watched.createUser("dora", "a long enough password"); // made from another console meanwhile
        away.set(false);
        access.tick(System.currentTimeMillis());
        assertThat(access.access().users()).as("the poll reads the users again").extracting(u -> u.username()).contains("dora");
        assertThat(access.access().unreadable().get()).isEmpty();
    }

    /* A review's find: with no active API key the poll never ran, so a users load that failed was never made again. */
    @Test
    void aFailedUsersLoadIsMadeAgainAtTheNextTickWithNoApiKeyToPoll() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean away = new java.util.concurrent.atomic.AtomicBoolean(true);
        Background flaky = flaky(away);
        ConfigurationViewModel access = new ConfigurationViewModel(admin, flaky);
        access.showing().set(true);
        access.accessShown().set(true);
        access.access().load();
        assertThat(access.access().unreadable().get()).startsWith("Cannot read the users and API keys");
        away.set(false);
        access.tick(System.currentTimeMillis());
        assertThat(access.access().users()).as("read at the next tick").isNotEmpty();
        assertThat(access.access().unreadable().get()).isEmpty();
    }

    /** Work done at once, or failed as a server out of reach would while {@code away}. */
    private static Background flaky(java.util.concurrent.atomic.AtomicBoolean away) {
        return new Background() {
            @Override
            public <T> void run(java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> onSuccess,
                                java.util.function.Consumer<Throwable> onFailure) {
                if (away.get()) onFailure.accept(new java.io.IOException("cannot reach the server"));
                else Background.direct().run(work, onSuccess, onFailure);
            }
        };
    }

    private java.util.List<String> ours() {
        return model.blacklist().entries().stream().map(e -> e.value()).filter(v -> v.startsWith("203.0.113.")).toList();
    }

    private java.util.List<dev.palisade.console.client.Dtos.EventView> adminEventsSince(long from) {
        return admin.events(new dev.palisade.console.client.Dtos.EventFilter(from, null, "admin", null, null, null, null,
                0, 100)).items();
    }

    /* Closing the window dropped edits typed in Configuration and not applied, without a word. */
    @Test
    void theFormsHoldingEditsNotAppliedAreNamedUntilAppliedOrUndone() {
        assertThat(model.unapplied()).as("as loaded").isEmpty();
        row("bootstrapWindowSeconds").value().set("45");
        model.windows().remove(model.windows().rows().get(0));
        model.fingerprintPolicy().ipv4Prefix().set("20");
        model.alerts().automationSuspected().set(!model.alerts().automationSuspected().get());
        assertThat(model.unapplied()).containsExactly("TTLs", "Rates", "Fingerprint", "Alerts");

        row("bootstrapWindowSeconds").value().set(" 30 "); // the value in force, as typed
        model.alerts().automationSuspected().set(!model.alerts().automationSuspected().get());
        assertThat(model.unapplied()).containsExactly("Rates", "Fingerprint");
        model.windows().apply();
        model.fingerprintPolicy().load();
        assertThat(model.unapplied()).as("applied, or reloaded").isEmpty();
        model.rules().add(RowKind.RULE_TYPES.get(0));
        assertThat(model.unapplied()).containsExactly("Rules");
    }

    /* Reloads follow live changes: against a slow server they overlapped, and an older answer could land last. */
    @Test
    void blacklistReloadsGoOneAtATimeAndTheLastAskIsAnsweredLast() {
        dev.palisade.console.ui.common.HeldAnswers held = new dev.palisade.console.ui.common.HeldAnswers();
        BlacklistSection slow = new BlacklistSection(admin, held);
        slow.load();
        slow.load();
        slow.load();
        assertThat(held.size()).as("one out; the last ask waits").isEqualTo(1);
        admin.addToBlacklist("ip", "203.0.113.9", null, null);
        held.deliverOldest(); // the first answer lands, and the ask that waited goes now
        assertThat(slow.entries()).extracting(e -> e.value()).doesNotContain("203.0.113.9");
        assertThat(held.size()).isEqualTo(1);
        held.deliverOldest();
        assertThat(slow.entries()).extracting(e -> e.value()).contains("203.0.113.9");
        assertThat(held.size()).as("no ask left").isZero();
    }
}
