package dev.palisade.console.ui.configuration;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/*
 * Audit 51: an expiry typed in minutes was refused in seconds under the API's field name ("expiresInSeconds: must be
 * between 1 and 315360000"), and a huge one overflowed when made seconds.
 */
class BlacklistSectionTest {

    @TempDir
    Path dir;
    private TestServer server;
    private AdminClient admin;
    private BlacklistSection blacklist;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        admin = server.admin();
        blacklist = new BlacklistSection(admin, Background.direct());
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void anExpiryOutsideItsRangeIsToldInMinutesAndNothingIsAdded() {
        for (String minutes : new String[] {"0", "-5", "5256001", "153722867280912931"}) {
            blacklist.add("ip", "203.0.113.9", "", minutes);
            assertThat(blacklist.message().get()).as(minutes)
                    .isEqualTo("Expiry: between 1 and 5256000 minutes (10 years), or empty for never; nothing added.");
            assertThat(admin.blacklistEntries()).as(minutes).noneSatisfy(e -> assertThat(e.value()).isEqualTo("203.0.113.9"));
        }
        blacklist.add("ip", "203.0.113.9", "", "5256000");
        assertThat(blacklist.message().get()).isEqualTo("203.0.113.9 is blacklisted.");
        assertThat(admin.blacklistEntries()).filteredOn(e -> e.value().equals("203.0.113.9")).singleElement()
                .satisfies(e -> assertThat(e.expiresAt()).isPositive());
    }
}
