package dev.palisade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void defaultsListenOnLoopbackOnly() {
        ServerConfig c = CommandLine.parse(new String[0], Map.of()).config();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.adminPort()).isEqualTo(8081);
        assertThat(c.bindHost()).isEqualTo("127.0.0.1");
        assertThat(c.adminBindHost()).isEqualTo("127.0.0.1");
        assertThat(c.dataDir()).isEqualTo(DataDirectory.defaultPath());
    }

    @Test
    void argumentsWinOverTheEnvironmentWhichWinsOverDefaults() {
        Map<String, String> env = Map.of("PALISADE_PORT", "9000", "PALISADE_ADMIN_PORT", "9001",
                "PALISADE_DATA_DIR", "/tmp/from-env", "PALISADE_BIND", "0.0.0.0");
        ServerConfig c = CommandLine.parse(new String[] {"--port", "9100", "--data-dir=/tmp/from-args"}, env).config();
        assertThat(c.port()).isEqualTo(9100);
        assertThat(c.adminPort()).isEqualTo(9001);
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/from-args"));
        assertThat(c.bindHost()).isEqualTo("0.0.0.0");
        assertThat(c.adminBindHost()).as("opening the API never opens the admin API").isEqualTo("127.0.0.1");
    }

    @Test
    void badInputIsExplained() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--port", "http"}, Map.of()))
                .hasMessageContaining("--port must be a port number");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--port", "70000"}, Map.of()))
                .hasMessageContaining("--port must be a port number");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--colour", "red"}, Map.of()))
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--data-dir"}, Map.of()))
                .hasMessageContaining("--data-dir needs DIR");
    }

    @Test
    void theRingOfRecentCallsIsSizedAtStart() {
        assertThat(CommandLine.parse(new String[0], Map.of()).config().engine().recentCalls())
                .isEqualTo(dev.palisade.engine.EngineOptions.DEFAULT_RECENT_CALLS);
        assertThat(CommandLine.parse(new String[] {"--recent-calls", "1024"}, Map.of()).config().engine().recentCalls()).isEqualTo(1_024);
        assertThat(CommandLine.parse(new String[0], Map.of("PALISADE_RECENT_CALLS", "5000000")).config().engine().recentCalls())
                .isEqualTo(5_000_000);
        for (String bad : new String[] {"1023", "100000001", "lots"}) {
            assertThatThrownBy(() -> CommandLine.parse(new String[] {"--recent-calls", bad}, Map.of()))
                    .hasMessage("--recent-calls (PALISADE_RECENT_CALLS) must be 1024–100000000: '" + bad + "'");
        }
    }

    @Test
    void helpNamesTheInstalledCommandWhenThereIsOne() {
        assertThat(CommandLine.command("/opt/palisade/bin/palisade-server")).isEqualTo("palisade-server");
        assertThat(CommandLine.command(null)).isEqualTo("java -jar palisade-server.jar");
        assertThat(CommandLine.help()).startsWith("Usage: java -jar palisade-server.jar [options]");
    }

    @Test
    void clientPagesAndPublicPathsAreGivenAtStartAndApplied(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CommandLine.Parsed p = CommandLine.parse(new String[] {"--upstream", "http://localhost:3000", "--client-page", "/",
                "--client-page=/app/*", "--public-path", "/health"}, Map.of("PALISADE_PUBLIC_PATH", "/ignored"));
        assertThat(p.clientPages()).containsExactly("/", "/app/*");
        assertThat(p.publicPaths()).as("arguments replace the variable").containsExactly("/health");
        try (dev.palisade.engine.EngineFixture f = new dev.palisade.engine.EngineFixture(dir)) {
            p.applyRoutes(f.engine);
            assertThat(f.engine.proxyRoutes().clientPages()).containsExactly("/", "/app/*");
            assertThat(f.engine.proxyRoutes().publicPaths()).containsExactly("/health");
            CommandLine.Parsed bad = CommandLine.parse(new String[] {"--upstream", "http://localhost:3000", "--public-path",
                    "/api/../auth/*"}, Map.of());
            assertThatThrownBy(() -> bad.applyRoutes(f.engine)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--public-path/--client-page: --public-path[0]: dot segments");
            // a path given public while the stored client pages hold it: named by the flags the user wrote
            CommandLine.Parsed both = CommandLine.parse(new String[] {"--upstream", "http://localhost:3000", "--public-path", "/"}, Map.of());
            assertThatThrownBy(() -> both.applyRoutes(f.engine)).hasMessageContaining("--client-page[0]: / is listed already, as --public-path[0]")
                    .hasMessageContaining("not both");
            // a flag given twice with one path is that path once, not a refused start
            CommandLine.parse(new String[] {"--upstream", "http://localhost:3000", "--public-path", "/health", "--public-path",
                    "/health", "--client-page", "/", "--client-page", "/"}, Map.of()).applyRoutes(f.engine);
            assertThat(f.engine.proxyRoutes().publicPaths()).containsExactly("/health");
            assertThat(f.engine.proxyRoutes().clientPages()).containsExactly("/");
        }
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--public-path", "/health"}, Map.of()))
                .hasMessageContaining("goes with --upstream or --decide-port");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--client-page", "/", "--decide-port", "8082"}, Map.of()))
                .hasMessageContaining("--client-page goes with --upstream");
        assertThat(CommandLine.parse(new String[] {"--public-path", "/health", "--decide-port", "8082"}, Map.of()).publicPaths())
                .containsExactly("/health");
        assertThat(CommandLine.parse(new String[0], Map.of()).clientPages()).isNull();
    }

    @Test
    void adminHostsRepeatAndTimeoutsAreSeconds() {
        ServerConfig c = CommandLine.parse(new String[] {"--admin-host", "ops.example", "--admin-host=console.lan",
                "--idle-timeout", "45", "--header-timeout", "3"}, Map.of("PALISADE_ADMIN_HOST", "a.lan, b.lan")).config();
        assertThat(c.listeners().adminHosts()).containsExactly("a.lan", "b.lan", "ops.example", "console.lan");
        assertThat(c.listeners().idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThat(c.listeners().headerTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(CommandLine.parse(new String[0], Map.of()).config().listeners()).isEqualTo(ServerConfig.Listeners.DEFAULTS);
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--header-timeout", "0"}, Map.of()))
                .hasMessageContaining("--header-timeout must be 1–3600 seconds");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--admin-host", "evil/path"}, Map.of()))
                .hasMessageContaining("not a host name");
        // found in a review: the variable's entries were not checked, so a typo matched no Host without a word
        assertThatThrownBy(() -> CommandLine.parse(new String[0], Map.of("PALISADE_ADMIN_HOST", "a.lan, admin.example.com/")))
                .hasMessage("PALISADE_ADMIN_HOST: not a host name: admin.example.com/");
    }

    @Test
    void theUpstreamOptionsMakeAReverseProxy() {
        ServerConfig c = CommandLine.parse(new String[] {"--upstream", "http://localhost:3000", "--upstream-timeout", "5",
                "--upstream-connections", "32"}, Map.of()).config();
        assertThat(c.upstream()).hasToString("http://localhost:3000");
        assertThat(c.upstreamTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(c.upstreamConnections()).isEqualTo(32);
        assertThat(CommandLine.parse(new String[0], Map.of()).config().upstream()).isNull();
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--upstream", "localhost:3000"}, Map.of()))
                .hasMessageContaining("--upstream");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--upstream", "http://x", "--upstream-timeout", "0"}, Map.of()))
                .hasMessageContaining("1–3600");
        // found by a newcomer's probe: without --upstream they were taken, unchecked, and ignored
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--upstream-timeout", "abc"}, Map.of()))
                .hasMessage("--upstream-timeout (PALISADE_UPSTREAM_TIMEOUT) goes with --upstream");
        assertThatThrownBy(() -> CommandLine.parse(new String[0], Map.of("PALISADE_UPSTREAM_CONNECTIONS", "8")))
                .hasMessage("--upstream-connections (PALISADE_UPSTREAM_CONNECTIONS) goes with --upstream");
        assertThatThrownBy(() -> CommandLine.parse(new String[0], Map.of("PALISADE_UPSTREAM", "http://x", "PALISADE_UPSTREAM_TIMEOUT", "abc")))
                .as("a value from the environment names its variable").hasMessageContaining("PALISADE_UPSTREAM_TIMEOUT").hasMessageContaining("'abc'");
    }

    /* The user info was never sent upstream, and a password in it was printed in the log and the start banner. */
    @Test
    void anUpstreamWithAUserOrPasswordIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--upstream", "http://admin:hunter2@app:3000"}, Map.of()))
                .hasMessageContaining("--upstream").hasMessageContaining("user or password").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--upstream", "http://admin@app:3000/"}, Map.of()))
                .hasMessageContaining("user or password");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--upstream", "http://admin:hun/ter2@app:3000"}, Map.of()))
                .as("a password with a slash does not parse: the error hides it").hasMessageNotContaining("hun/ter2");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--upstream", "http://admin:hunter2 x@app:3000"}, Map.of()))
                .hasMessageNotContaining("hunter2");
        assertThat(CommandLine.parse(new String[] {"--upstream", "http://app:3000/@scope"}, Map.of()).config().upstream())
                .as("an @ in the path is no user info").hasToString("http://app:3000/@scope");
        assertThatThrownBy(() -> ServerConfig.defaults().withUpstream(java.net.URI.create("http://u:p@app:3000"),
                java.time.Duration.ofSeconds(5))).as("the console's bundled server too").hasMessageNotContaining("u:p");
    }

    @Test
    void backupAndHealthAreModesOfTheirOwn() {
        CommandLine.Parsed backup = CommandLine.parse(new String[] {"--backup", "/tmp/copy.db", "--data-dir", "/srv/p"}, Map.of());
        assertThat(backup.backup()).isEqualTo(Path.of("/tmp/copy.db"));
        assertThat(backup.config().dataDir()).isEqualTo(Path.of("/srv/p"));
        assertThat(CommandLine.parse(new String[] {"--health", "--port", "9000"}, Map.of()).health()).isTrue();
        assertThat(CommandLine.parse(new String[0], Map.of()).health()).isFalse();
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--backup", "x.db", "--health"}, Map.of()))
                .hasMessageContaining("one of them");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--backup"}, Map.of())).hasMessageContaining("FILE");
        assertThat(CommandLine.parse(new String[] {"--restore", "/tmp/copy.db"}, Map.of()).restore()).isEqualTo(Path.of("/tmp/copy.db"));
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--restore", "x.db", "--backup", "y.db"}, Map.of()))
                .hasMessageContaining("one of them");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--restore", "x.db", "--config", "p.yaml"}, Map.of()))
                .hasMessageContaining("not with --config");
    }

    @Test
    void helpListsEveryOptionAndItsVariable() {
        String help = CommandLine.help();
        for (CommandLine.Option o : CommandLine.OPTIONS) {
            assertThat(help).contains(o.flag());
            if (o.env() != null) assertThat(help).contains(o.env());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(PalisadeMain.run(new String[] {"--help"}, new PrintStream(out), System.err)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--admin-port");
        assertThat(PalisadeMain.run(new String[] {"--nope"}, System.out, new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
    }

    @Test
    void aPortInUseIsExplainedInOneLineWithoutAStackTrace() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = PalisadeMain.run(new String[] {"--data-dir", dir.toString(), "--port", String.valueOf(taken.getLocalPort()),
                    "--admin-port", "0"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
            assertThat(code).isEqualTo(1);
            String said = err.toString(StandardCharsets.UTF_8);
            assertThat(said).startsWith("palisade: ").contains(String.valueOf(taken.getLocalPort()))
                    .contains("choose others with --port and --admin-port").doesNotContain("\tat ");
        }
    }

    @Test
    void addUserReadsThePasswordFromStdinAndTheUserCanLogIn() throws Exception {
        InputStream stdin = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream("a long password\n".getBytes(StandardCharsets.UTF_8)));
            int code = PalisadeMain.run(new String[] {"--data-dir", dir.toString(), "--add-user", "ops"},
                    new PrintStream(out), System.err);
            assertThat(code).isZero();
        } finally {
            System.setIn(stdin);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("User ops created");
        try (var store = dev.palisade.store.sqlite.SqliteStore.open(dir);
             var engine = new dev.palisade.engine.Engine(store, java.time.Clock.systemUTC(),
                     dev.palisade.engine.EngineOptions.defaults(), new dev.palisade.http.JettyAddressSets())) {
            assertThat(engine.users().authenticate("ops", "a long password".toCharArray())).isPresent();
        }
    }

    @Test
    void addUserRefusesAnEmptyPassword() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(new byte[0]));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(PalisadeMain.run(new String[] {"--data-dir", dir.toString(), "--add-user", "ops"}, System.out,
                    new PrintStream(err))).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("password");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void theDecisionListenerIsOffUnlessAPortIsGivenAndLoopbackUnlessABindIs() {
        assertThat(CommandLine.parse(new String[0], Map.of()).config().decide()).isNull();
        assertThat(CommandLine.parse(new String[] {"--decide-port", "8082"}, Map.of()).config().decide())
                .isEqualTo(new ServerConfig.Decide("127.0.0.1", 8082));
        assertThat(CommandLine.parse(new String[0], Map.of("PALISADE_DECIDE_PORT", "9000", "PALISADE_DECIDE_BIND", "10.0.0.5"))
                .config().decide()).isEqualTo(new ServerConfig.Decide("10.0.0.5", 9000));
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--decide-bind", "0.0.0.0"}, Map.of()))
                .hasMessageContaining("--decide-bind goes with --decide-port");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--decide-port", "8080"}, Map.of()))
                .hasMessageContaining("must differ from --port");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--decide-port", "70000"}, Map.of()))
                .hasMessageContaining("--decide-port must be a port number");
    }

    @Test
    void aConfigurationFileIsGivenByFlagOrVariableAndTheExportStandsAlone() {
        assertThat(CommandLine.parse(new String[] {"--config", "palisade.yaml"}, Map.of()).configFile())
                .isEqualTo(java.nio.file.Path.of("palisade.yaml"));
        assertThat(CommandLine.parse(new String[0], Map.of("PALISADE_CONFIG", "/etc/palisade.yaml")).configFile())
                .isEqualTo(java.nio.file.Path.of("/etc/palisade.yaml"));
        assertThat(CommandLine.parse(new String[0], Map.of()).configFile()).isNull();
        assertThat(CommandLine.parse(new String[] {"--export-config", "-"}, Map.of()).exportConfig()).isEqualTo(java.nio.file.Path.of("-"));
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--export-config", "a.yaml", "--config", "b.yaml"}, Map.of()))
                .hasMessageContaining("not with --add-user or --config");
    }

    @Test
    void tlsIsAPairOfPemFilesOrADevelopmentCertificateForTheNamesGiven() {
        assertThat(CommandLine.parse(new String[0], Map.of()).config().tls()).isNull();
        ServerConfig.Tls files = CommandLine.parse(new String[] {"--tls-cert", "c.pem", "--tls-key", "k.pem", "--hsts", "600"}, Map.of())
                .config().tls();
        assertThat(files).isEqualTo(new ServerConfig.Tls(java.nio.file.Path.of("c.pem"), java.nio.file.Path.of("k.pem"), List.of(), 600));
        assertThat(CommandLine.parse(new String[] {"--tls-self-signed", "--bind", "10.0.0.5"}, Map.of()).config().tls().selfSignedNames())
                .containsExactly("localhost", "127.0.0.1", "::1", "10.0.0.5");
        assertThat(CommandLine.parse(new String[] {"--tls-self-signed", "--tls-name", "shop.test", "--tls-name", "10.1.2.3"}, Map.of())
                .config().tls().selfSignedNames()).containsExactly("shop.test", "10.1.2.3");
        assertThat(CommandLine.parse(new String[0], Map.of("PALISADE_TLS_SELF_SIGNED", "true")).config().tls().selfSigned()).isTrue();
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--tls-cert", "c.pem"}, Map.of())).hasMessageContaining("go together");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--tls-self-signed", "--tls-cert", "c.pem", "--tls-key", "k.pem"},
                Map.of())).hasMessageContaining("not both");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--hsts", "600"}, Map.of())).hasMessageContaining("--hsts goes with TLS");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--tls-self-signed", "--tls-name", "bad name!"}, Map.of()))
                .hasMessageContaining("not a host name");
    }

    /* The audit of session 48 (L4): a data directory the server's user may not enter said only its lock file's path. */
    @Test
    void aStartStoppedByAFileSaysWhichAndWhy() {
        assertThat(CommandLine.startFailure(new IllegalStateException("/srv/p/server.lock",
                new java.nio.file.AccessDeniedException("/srv/p/server.lock"))))
                .startsWith("cannot use /srv/p/server.lock: permission denied to the user the server runs as");
        assertThat(CommandLine.startFailure(new java.nio.file.NoSuchFileException("/nope/palisade.db")))
                .isEqualTo("cannot use /nope/palisade.db: no such file");
        assertThat(CommandLine.startFailure(new IllegalArgumentException("cannot read the key k.pem: no such file",
                new java.nio.file.NoSuchFileException("k.pem")))).as("ours says more").isEqualTo("cannot read the key k.pem: no such file");
    }

    /* Audit persist55 L4: a full disk or a damaged database at start said SQLite's words alone, with no next step. */
    @Test
    void aStartStoppedByTheDatabaseSaysWhatToDo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("palisade.db"), "not a database, and long enough to be read as one at all");
        Exception damaged = org.assertj.core.api.Assertions.catchException(() -> dev.palisade.store.sqlite.SqliteStore.open(dir));
        assertThat(CommandLine.startFailure(damaged)).contains("not a database").contains("--restore FILE");
        assertThat(CommandLine.startFailure(new IllegalStateException("cannot open the database: [SQLITE_IOERR_SHMSIZE]",
                new org.sqlite.SQLiteException("disk I/O error", org.sqlite.SQLiteErrorCode.SQLITE_IOERR_SHMSIZE))))
                .contains("is the disk full?");
        assertThat(CommandLine.startFailure(new IllegalStateException("cannot add a user",
                new org.sqlite.SQLiteException("database or disk is full", org.sqlite.SQLiteErrorCode.SQLITE_FULL))))
                .contains("free space");
    }

    /* The audit of session 48 (L5): --tls-name beside --tls-cert was taken without a word and did nothing. */
    @Test
    void aTlsNameGoesWithTheSelfSignedCertificateAndAnAddressIsWrittenAsBrowsersWriteIt() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--tls-cert", "c.pem", "--tls-key", "k.pem", "--tls-name", "shop.test"},
                Map.of())).hasMessageContaining("--tls-cert serves the names its certificate holds");
        // a last label that is a number makes a browser read the whole host as IPv4 (WHATWG's URL parser):
        // 0x7f.1 is 127.0.0.1 to it, shop.1 no host at all, so neither is ever asked for by that name
        for (String notAnAddress : List.of("127.000.0.1", "10.1.2", "1::2::3", "0x7f.1", "shop.1", "shop.0x1f", "shop.0X1F.")) {
            assertThatThrownBy(() -> CommandLine.parse(new String[] {"--tls-self-signed", "--tls-name", notAnAddress}, Map.of()))
                    .as(notAnAddress).hasMessageContaining("not an address as browsers write it");
        }
        assertThat(CommandLine.parse(new String[] {"--tls-self-signed", "--tls-name", "::1", "--tls-name", "10.0.0.5",
                "--tls-name", "a-1.test", "--tls-name", "shop.1a"}, Map.of()).config().tls().selfSignedNames())
                .containsExactly("::1", "10.0.0.5", "a-1.test", "shop.1a");
    }

    /* PALISADE_TLS_SELF_SIGNED=TRUE (or on) was taken for false: the API started over plain HTTP without a word. */
    @Test
    void aSwitchInTheEnvironmentIsReadInAnyCaseAndAnythingElseIsRefused() {
        for (String on : List.of("TRUE", "On", "yes", "1")) {
            assertThat(CommandLine.parse(new String[0], Map.of("PALISADE_TLS_SELF_SIGNED", on)).config().tls()).as(on).isNotNull();
        }
        for (String off : List.of("false", "OFF", "no", "0")) {
            assertThat(CommandLine.parse(new String[0], Map.of("PALISADE_TLS_SELF_SIGNED", off)).config().tls()).as(off).isNull();
        }
        assertThat(CommandLine.parse(new String[] {"--tls-self-signed=false"}, Map.of("PALISADE_TLS_SELF_SIGNED", "true"))
                .config().tls()).as("the argument's own value").isNull();
        assertThatThrownBy(() -> CommandLine.parse(new String[0], Map.of("PALISADE_TLS_SELF_SIGNED", "ture")))
                .hasMessageContaining("PALISADE_TLS_SELF_SIGNED").hasMessageContaining("'ture' is neither on");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--health=false"}, Map.of())).hasMessageContaining("takes no value");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "redis://:secret@redis_primary:6379/0 | secret",  // a host name Java's URI does not take: no host
            "redis://:s3cr@t@host:6379/0          | s3cr@t",  // an @ in the password
            "redis://:pa ss@host                  | pa ss",   // not a URL at all
            "redis://:pa%zz@host:6379/0           | pa%zz",   // a broken escape
            "redis://u:pa/ss@host:6379/0          | pa/ss",   // a slash ends the authority early
            "http://u:secret@host:6379/0          | secret"}) // the wrong scheme
    void aPasswordInTheClusterUrlIsNeverInTheError(String url, String password, @TempDir Path dir) {
        String key = dir.resolve("cluster.key").toString();
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster", url, "--cluster-key-file", key}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password).contains("not in the URL"));
        java.net.URI parsed;
        try {
            parsed = new java.net.URI(url);
        } catch (java.net.URISyntaxException notOne) {
            return; // only the command line sees it
        }
        assertThatThrownBy(() -> new ServerConfig.Cluster(parsed, null, null, dir.resolve("cluster.key")))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password).contains("not in the URL"));
    }

    @Test
    void userInfoWithoutAColonIsShownNeitherInTheErrorNorInTheBanner(@TempDir Path dir) {
        // redis-cli and Lettuce read redis://secret@host as a password; Palisade reads it as an ACL user
        String key = dir.resolve("cluster.key").toString();
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster", "redis://s3cret@host:6379/0", "--cluster-key-file", key},
                Map.of())).hasMessageContaining("no password was given").satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        ServerConfig.Cluster cluster = CommandLine.parse(new String[] {"--cluster", "redis://s3cret@host:6379/0", "--cluster-key-file",
                key}, Map.of("PALISADE_CLUSTER_PASSWORD", "pw")).config().cluster();
        assertThat(cluster.toString()).isEqualTo("redis://***@host:6379/0");
    }

    @Test
    void theUpstreamKeyIsReplacedOnlyOnACluster(@TempDir Path dir) {
        String key = dir.resolve("cluster.key").toString();
        assertThat(CommandLine.parse(new String[] {"--cluster", "redis://host:6379/0", "--cluster-key-file", key,
                "--upstream-key-replace"}, Map.of()).config().cluster().replaceUpstreamKey()).isTrue();
        assertThat(CommandLine.parse(new String[] {"--cluster", "redis://host:6379/0", "--cluster-key-file", key}, Map.of())
                .config().cluster().replaceUpstreamKey()).isFalse();
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--upstream-key-replace"}, Map.of()))
                .hasMessageContaining("--upstream-key-replace goes with --cluster");
    }

    @Test
    void aClusterUrlThatIsNotOneIsRefusedWithoutItsUserInfo(@TempDir Path dir) {
        String key = dir.resolve("cluster.key").toString();
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster", "redis://ops team@host:6379/0", "--cluster-key-file",
                key}, Map.of())).hasMessageContaining("not a URL").hasMessageContaining("redis://***@host:6379/0")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ops team"));
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster", "redis://ops@redis_primary:6379/0", "--cluster-key-file",
                key}, Map.of())).hasMessageContaining("redis://host:port/db").hasMessageContaining("redis://***@redis_primary:6379/0");
    }

    @Test
    void aClusterIsARedisUrlWithItsPasswordFromTheEnvironmentOrAFileNeverTheUrl(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThat(CommandLine.parse(new String[0], Map.of()).config().cluster()).isNull();
        String key = dir.resolve("cluster.key").toString();
        ServerConfig.Cluster plain = CommandLine.parse(new String[] {"--cluster", "redis://10.0.0.7:6379/2",
                "--cluster-key-file", key}, Map.of()).config().cluster();
        assertThat(plain.keyFile()).isEqualTo(dir.resolve("cluster.key"));
        assertThat(plain.url().getHost()).isEqualTo("10.0.0.7");
        assertThat(plain.username()).isNull();
        assertThat(plain.password()).isNull();

        ServerConfig.Cluster fromEnv = CommandLine.parse(new String[0], Map.of("PALISADE_CLUSTER", "rediss://palisade@cache:6380/0",
                "PALISADE_CLUSTER_PASSWORD", "from-env", "PALISADE_CLUSTER_KEY_FILE", key)).config().cluster();
        assertThat(fromEnv.username()).isEqualTo("palisade");
        assertThat(new String(fromEnv.password())).isEqualTo("from-env");
        assertThat(fromEnv.toString()).doesNotContain("from-env");

        java.nio.file.Path file = dir.resolve("redis.pass");
        java.nio.file.Files.writeString(file, "from-file\n");
        ServerConfig.Cluster fromFile = CommandLine.parse(new String[] {"--cluster", "redis://h:6379/0",
                "--cluster-password-file", file.toString(), "--cluster-key-file", key}, Map.of("PALISADE_CLUSTER_PASSWORD",
                "from-env")).config().cluster();
        assertThat(new String(fromFile.password())).as("the file wins, its line break dropped").isEqualTo("from-file");

        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster", "redis://h:6379/0"}, Map.of()))
                .hasMessageContaining("needs --cluster-key-file").hasMessageContaining("head -c 32 /dev/urandom");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster-key-file", key}, Map.of()))
                .hasMessageContaining("goes with --cluster");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster", "redis://u:secret@h:6379/0", "--cluster-key-file", key}, Map.of()))
                .hasMessageContaining("not in the URL").satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster", "http://h:6379/0", "--cluster-key-file", key}, Map.of()))
                .hasMessageContaining("redis://host:port/db");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster", "redis://h:6379/zero", "--cluster-key-file", key}, Map.of()))
                .hasMessageContaining("database number");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster", "redis://u@h:6379/0", "--cluster-key-file", key}, Map.of()))
                .hasMessageContaining("no password");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster-password-file", file.toString()}, Map.of()))
                .hasMessageContaining("goes with --cluster");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--cluster", "redis://h:6379/0", "--cluster-password-file",
                dir.resolve("missing").toString(), "--cluster-key-file", key}, Map.of())).hasMessageContaining("cannot read");
    }

    /* Found by a newcomer's probe: the demo's order rule refused the user's own orders behind --upstream (and a gateway). */
    @Test
    void onlyTheDemoApiHasTheDemosOrderRuleByDefault() {
        assertThat(PalisadeServer.engineOptions(CommandLine.parse(new String[0], Map.of()).config()).demoApi()).isTrue();
        assertThat(PalisadeServer.engineOptions(CommandLine.parse(new String[] {"--upstream", "http://localhost:3000"}, Map.of())
                .config()).demoApi()).isFalse();
        assertThat(PalisadeServer.engineOptions(CommandLine.parse(new String[] {"--decide-port", "8082"}, Map.of())
                .config()).demoApi()).isFalse();
    }
}
