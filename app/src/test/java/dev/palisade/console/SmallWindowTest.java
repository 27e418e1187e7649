package dev.palisade.console;

import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console at 1024×700, the smallest window it is laid out for (issue 15, defect 2): every view
 * fits without scrolling, every button shows its whole label, every table shows all its columns,
 * and charts count in whole numbers at round times (defect 11).
 */
@ExtendWith(ApplicationExtension.class)
class SmallWindowTest {

    private static final List<String> VIEWS = List.of("Overview", "Sessions", "Fingerprints", "Rate anomalies",
            "Events", "Users", "Configuration", "Cluster", "Scenarios");

    private TestServer server;
    private ConsoleWindow window;
    private Stage stage;
    /** The console's clock: the real time until a test moves it past midnight. */
    private final MovableClock clock = new MovableClock(java.time.Instant.now(), java.time.ZoneId.systemDefault());

    @Start
    void start(Stage stage) throws Exception {
        server = TestServer.inScratch("palisade-small-window-test");
        this.stage = stage;
        // something in every list: sessions, a refused call, a fingerprint mismatch
        TestServer.Login demo = server.loginDemo();
        server.get(demo, "/api/notes");
        server.getAs(demo, "/api/notes", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0");
        server.anonymous("/api/notes");
        window = ConsoleWindow.open(stage, server.context(), url -> { }, ctx -> { },
                dev.palisade.console.TestProfiles.fresh(), clock);
        stage.show();
        stage.setWidth(1024);
        stage.setHeight(700);
    }

    @AfterEach
    void stop() {
        window.close();
        server.close();
    }

    @Test
    void everyViewFitsA1024By700Window(FxRobot robot) throws Exception {
        for (int i = 0; i < VIEWS.size(); i++) {
            String name = VIEWS.get(i);
            show(robot, name);
            int index = i;
            // tables measure their rows, and labels are drawn, on pulses after the click: later on a loaded machine
            Eventually.holds(() -> {
                ScrollPane view = robot.lookup("#view-" + index).queryAs(ScrollPane.class);
                Node content = view.getContent();
                assertThat(content.getLayoutBounds().getHeight()).as(name + ": fits without scrolling")
                        .isLessThanOrEqualTo(view.getViewportBounds().getHeight() + 0.5);
                assertThat(content.getLayoutBounds().getWidth()).as(name + ": no sideways scrolling")
                        .isLessThanOrEqualTo(view.getViewportBounds().getWidth() + 0.5);
                assertButtonsWhole(robot, name);
                for (Node n : robot.lookup(".axis").queryAll()) {
                    if (n instanceof javafx.scene.chart.NumberAxis axis && WindowParts.showing(axis)) {
                        // the labels as drawn: the axis's Text nodes that are showing
                        List<String> labels = axis.getChildrenUnmodifiable().stream()
                                .filter(c -> c instanceof Text t && t.isVisible()).map(c -> ((Text) c).getText()).toList();
                        assertThat(labels).as(name + ": ticks of " + axis.getLabel()).hasSizeGreaterThan(2)
                                .allMatch(l -> l.matches("-?\\d+"), "whole numbers");
                        if (axis.getLabel().equals("minutes ago")) {
                            assertThat(labels).as(name + ": round times up to now").last().isEqualTo("0");
                            assertThat(Integer.parseInt(labels.get(0)) % 5).as(name + ": starts at a round minute").isZero();
                        }
                    }
                }
                for (Node n : robot.lookup(".table-view").queryAll()) {
                    if (n instanceof TableView<?> t && WindowParts.showing(t)) {
                        double columns = t.getColumns().stream().mapToDouble(c -> c.getWidth()).sum();
                        assertThat(columns).as(name + ": all columns of " + t.getId() + " on screen").isLessThanOrEqualTo(t.getWidth());
                    }
                }
            });
        }
    }

    @Test
    void scenarioResultsAreReadWholeInASmallWindow(FxRobot robot) throws Exception {
        show(robot, "Scenarios");
        // the three scenarios of the replay rung: one line naming each, wider than the window
        robot.clickOn("Replay");
        robot.press(javafx.scene.input.KeyCode.SHIFT).type(javafx.scene.input.KeyCode.DOWN, 2)
                .release(javafx.scene.input.KeyCode.SHIFT);
        robot.clickOn("Run selected");
        // three runs, each with its bootstrap and login: longer than a layout takes on a loaded machine
        org.testfx.util.WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, () -> robot
                .lookup("All 3 scenarios behaved as expected: every attack was caught or flagged.").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<String> costs = robot.lookup("#costs").queryAs(javafx.scene.control.ListView.class);
        Eventually.holds(() -> {
            assertThat(costs.getItems()).singleElement().asString().startsWith("L1 replay: #4").contains("#5", "#6");
            for (Node n : costs.lookupAll(".scroll-bar")) {
                if (n instanceof javafx.scene.control.ScrollBar bar && bar.getOrientation() == javafx.geometry.Orientation.HORIZONTAL) {
                    assertThat(bar.isVisible()).as("the cost line scrolls sideways").isFalse();
                }
            }
            javafx.scene.control.ListCell<?> cell = costs.lookupAll(".list-cell").stream()
                    .map(javafx.scene.control.ListCell.class::cast).filter(c -> c.getIndex() == 0).findFirst().orElseThrow();
            assertThat(((Text) cell.lookup(".text")).getText()).as("the whole line is drawn").isEqualTo(costs.getItems().get(0));
            assertThat(cell.getWidth()).as("the line within the list").isLessThanOrEqualTo(costs.getWidth());
        });
        // the table's cut columns are read in a tooltip: what a scenario does, and the run's note
        // and the rung, cut to "L1 r…" (console audit 59)
        for (String whole : List.of("a captured signed request is sent again", "caught by the nonce check", "L1 replay")) {
            javafx.scene.control.TableCell<?, ?> cut = robot.lookup(".table-cell").queryAllAs(javafx.scene.control.TableCell.class)
                    .stream().filter(c -> c.getItem() instanceof String t && t.startsWith(whole)).findFirst().orElseThrow();
            assertThat(cut.getTooltip()).as(whole).isNotNull();
            assertThat(cut.getTooltip().getText()).isEqualTo(cut.getItem());
        }
    }

    /**
     * The Overview's denials name their rung ("1  missing_credentials  · L0 no_client"), wider than the
     * list in a 1024 px window: the list scrolled sideways and the rung was read cut. Each line is drawn
     * whole, wrapped within the list.
     */
    @Test
    void theOverviewsDenialsAreReadWholeWithTheirRung(FxRobot robot) throws Exception {
        show(robot, "Overview");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<Object> reasons = robot.lookup("#reasons").queryAs(javafx.scene.control.ListView.class);
        Eventually.holds(() -> {
            javafx.scene.control.ListCell<?> cell = reasons.lookupAll(".list-cell").stream()
                    .map(javafx.scene.control.ListCell.class::cast).filter(c -> c.getIndex() == 0 && !c.isEmpty()).findFirst().orElseThrow();
            assertThat(cell.getText()).contains("missing_credentials").endsWith("·\u00a0L0\u00a0no_client");
            for (Node n : reasons.lookupAll(".scroll-bar")) {
                if (n instanceof javafx.scene.control.ScrollBar bar && bar.getOrientation() == javafx.geometry.Orientation.HORIZONTAL) {
                    assertThat(bar.isVisible()).as("the denials scroll sideways").isFalse();
                }
            }
            assertThat(cell.getWidth()).as("the line within the list").isLessThanOrEqualTo(reasons.getWidth());
            String drawn = cell.lookupAll(".text").stream().map(t -> ((Text) t).getText()).findFirst().orElseThrow();
            assertThat(drawn).as("the whole line is drawn").isEqualTo(cell.getText());
        });
    }

    /**
     * Session 49, item 3: at 1024×700 a denial's line wrapped inside its rung's name ("1  missing_credentials  · L0"
     * over "no_client", "· L4" over "protocol_script"). A line may wrap between the reason and its rung, never
     * inside either: each is drawn on one line.
     */
    @Test
    void theOverviewsDenialsWrapBetweenTheReasonAndItsRungNeverInsideOne(FxRobot robot) throws Exception {
        show(robot, "Overview");
        javafx.scene.control.ListView<?> reasons = robot.lookup("#reasons").queryAs(javafx.scene.control.ListView.class);
        java.util.regex.Pattern parts = java.util.regex.Pattern.compile( // spaces as drawn: any, no-break ones too
                "^(\\d+_+N+)_+(·_+L\\d_+N+)$".replace("_", "[\\s\\u00a0]").replace("N", "[^\\s\\u00a0]"));
        Eventually.holds(() -> {
            List<Text> lines = reasons.lookupAll(".list-cell").stream().map(javafx.scene.control.ListCell.class::cast)
                    .filter(c -> !c.isEmpty() && c.getItem() != null).map(c -> (Text) c.lookup(".text")).toList();
            assertThat(lines).as("denials drawn").isNotEmpty();
            for (Text line : lines) {
                java.util.regex.Matcher m = parts.matcher(line.getText());
                assertThat(m.matches()).as("count, reason and rung: " + line.getText()).isTrue();
                for (int part = 1; part <= 2; part++) {
                    assertThat(lineOf(line, m.end(part) - 1)).as("'" + m.group(part) + "' on one line in '" + line.getText() + "'")
                            .isEqualTo(lineOf(line, m.start(part)));
                }
            }
        });
    }

    /**
     * Session 49, item 6: an IPv6 address of eight whole groups (39 characters, from behind a trusted proxy) is wider
     * than "Top offending addresses" at 1024×700: the count stood alone on its line and the address was cut
     * ("2001:db8:85a3:1234:5678:8a2e:37…"), its end, the part that tells two callers of one /64 apart, never read.
     * The line is drawn whole, the count beside the address, wrapped only after a colon, never inside a group.
     */
    @Test
    void theOverviewsLongestIpv6OffenderIsReadWholeWrappedOnlyBetweenItsGroups(FxRobot robot) throws Exception {
        String address = "fd12:3456:789a:bcde:f012:3456:789a:bcde"; // as Java writes it: no "::", no leading zeros
        server.admin().updateFingerprintPolicy(java.util.Map.of("trustedProxies", List.of("127.0.0.1")));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 12; i++) { // refused (no credentials), counted against the forwarded address
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.api("/api/notes")))
                    .header("X-Forwarded-For", address).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        }
        show(robot, "Overview");
        javafx.scene.control.ListView<?> ips = robot.lookup("#ips").queryAs(javafx.scene.control.ListView.class);
        Eventually.holds(() -> {
            javafx.scene.control.ListCell<?> cell = ips.lookupAll(".list-cell").stream().map(javafx.scene.control.ListCell.class::cast)
                    .filter(c -> !c.isEmpty() && c.getItem() != null && c.getItem().toString().contains(address)).findFirst().orElseThrow();
            Text line = (Text) cell.lookup(".text");
            assertThat(line.getText()).as("the whole line is drawn").isEqualTo(cell.getText());
            // any space as drawn (a break's after a colon is no part of the address)
            assertThat(cell.getText().replaceAll(":[\\s\\u200a]+", ":").replaceAll("[\\s\\u00a0]+", " "))
                    .as("the count and the address").isEqualTo("12 " + address);
            int at = line.getText().indexOf("fd12");
            assertThat(lineOf(line, at)).as("the count beside the address's first group in '" + line.getText() + "'")
                    .isEqualTo(lineOf(line, 0));
            java.util.regex.Matcher group = java.util.regex.Pattern.compile("[0-9a-f]+:?").matcher(line.getText());
            group.region(at, line.getText().length());
            while (group.find()) {
                assertThat(lineOf(line, group.end() - 1)).as("'" + group.group() + "' on one line in '" + line.getText() + "'")
                        .isEqualTo(lineOf(line, group.start()));
            }
            assertThat(line.getLayoutBounds().getHeight()).as("every line within the row").isLessThanOrEqualTo(cell.getHeight());
        });
    }

    /** The height at which {@code text} draws its character {@code index}: which of its wrapped lines holds it. */
    private static double lineOf(Text text, int index) {
        return ((javafx.scene.shape.MoveTo) text.caretShape(index, true)[0]).getY();
    }

    /**
     * The alert notice at the top of the window takes height from every view: the Overview's chart keeps
     * its legend (JavaFX drops it when the plot would be left under 150 px) and the view still fits.
     */
    @Test
    void theOverviewKeepsItsChartLegendBesideAnAlertNotice(FxRobot robot) throws Exception {
        server.admin().updateAlerts(java.util.Map.of("deniedPerMinute", 2));
        for (int i = 0; i < 3; i++) server.anonymous("/api/notes");
        Node bar = robot.lookup("#alertBox").query();
        org.testfx.util.WaitForAsyncUtils.waitFor(15, java.util.concurrent.TimeUnit.SECONDS, () -> WindowParts.showing(bar));
        Eventually.holds(() -> {
            ScrollPane view = robot.lookup("#view-0").queryAs(ScrollPane.class);
            Node content = view.getContent();
            Node legend = robot.lookup(".chart-legend").query();
            assertThat(WindowParts.showing(legend)).as("the chart's legend is drawn").isTrue();
            assertThat(legend.getLayoutBounds().getHeight()).as("the legend's height").isGreaterThan(0);
            assertThat(content.getLayoutBounds().getHeight()).as("the Overview fits without scrolling")
                    .isLessThanOrEqualTo(view.getViewportBounds().getHeight() + 0.5);
        });
    }

    /** A selected row's heading is longer than the hint shown before: it gives way, not the buttons beside it. */
    @Test
    void aSelectedRowsHeadingLeavesItsButtonsWhole(FxRobot robot) throws Exception {
        for (String name : List.of("Sessions", "Fingerprints")) {
            show(robot, name);
            Eventually.holds(() -> {
                TableView<?> table = robot.lookup(".table-view").match(Node::isVisible)
                        .match((TableView<?> t) -> !t.getItems().isEmpty()).queryAs(TableView.class);
                table.getSelectionModel().select(0);
                assertButtonsWhole(robot, name);
                assertThat(robot.lookup(".title-4").match(Node::isVisible).queryAs(javafx.scene.control.Label.class).getText())
                        .as(name + ": the selected row's heading").contains("·");
            });
        }
    }

    /*
     * Look 56, item 2: at 1024×700 with the alert bar showing, the session detail's heading wrapped to three lines beside
     * its buttons and the last calls showed one row; at 1440×900 the heading wrapped too. The heading (who and where,
     * beside the buttons) and the line below it (how the session began) each read whole on one line at both sizes, and
     * several calls show whole.
     */
    @Test
    void aSessionsDetailShowsSeveralCallsBesideAnAlertNotice(FxRobot robot) throws Exception {
        TestServer.Login busy = server.loginAutomated("demo", server.bundled.demoPassword()); // the longest heading: flagged
        for (int i = 0; i < 8; i++) server.get(busy, "/api/notes");
        server.admin().updateAlerts(java.util.Map.of("deniedPerMinute", 2));
        for (int i = 0; i < 3; i++) server.anonymous("/api/notes");
        Node bar = robot.lookup("#alertBox").query();
        org.testfx.util.WaitForAsyncUtils.waitFor(15, java.util.concurrent.TimeUnit.SECONDS, () -> WindowParts.showing(bar));
        show(robot, "Sessions");
        @SuppressWarnings("unchecked")
        TableView<dev.palisade.console.client.Dtos.SessionView> sessions = robot.lookup("#table").queryAs(TableView.class);
        TableView<?> calls = robot.lookup("#calls").queryAs(TableView.class);
        Eventually.holds(() -> {
            robot.interact(() -> sessions.getItems().stream().filter(r -> r.id().equals(busy.sessionId())).findFirst()
                    .ifPresent(r -> sessions.getSelectionModel().select(r)));
            assertThat(calls.getItems()).hasSizeGreaterThanOrEqualTo(8);
        });
        for (double[] size : new double[][] {{1024, 700}, {1440, 900}}) {
            robot.interact(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            String at = (int) size[0] + "×" + (int) size[1];
            Eventually.holds(() -> {
                assertThat(WindowParts.showing(bar)).isTrue();
                for (String line : List.of("#detailTitle", "#detailBegan")) { // who and where; how the session began
                    javafx.scene.control.Label title = robot.lookup(line).queryAs(javafx.scene.control.Label.class);
                    Text drawn = (Text) title.lookup(".text");
                    assertThat(drawn.getText()).as(at + ": " + line + " whole").isEqualTo(title.getText());
                    assertThat(lineOf(drawn, drawn.getText().length() - 1)).as(at + ": on one line: " + title.getText())
                            .isEqualTo(lineOf(drawn, 0));
                }
                assertThat(wholeRows(calls)).as(at + ": calls shown whole").isGreaterThanOrEqualTo(size[0] == 1024 ? 4 : 8);
                assertButtonsWhole(robot, "Sessions at " + at);
            });
        }
    }

    /** The rows of {@code table} that hold an item and are drawn whole, below its header and above its bottom edge. */
    private static long wholeRows(TableView<?> table) {
        javafx.geometry.Bounds area = table.localToScene(table.getLayoutBounds());
        Node header = table.lookup(".column-header-background");
        double top = header.localToScene(header.getLayoutBounds()).getMaxY();
        return table.lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.TableRow<?> r && !r.isEmpty() && r.getItem() != null && WindowParts.showing(r))
                .map(n -> n.localToScene(n.getLayoutBounds()))
                .filter(b -> b.getMinY() >= top - 0.5 && b.getMaxY() <= area.getMaxY() + 0.5).count();
    }

    /**
     * Sessions from a browser on another address, flagged as automated (ux44 D5): at 1024 px Created and
     * Last seen read "12-05 15:5…", the Fingerprints' Outcome "automation s…" and the Events' Code
     * "upstream_un…". Times, outcomes and codes are drawn whole; a cell cut to make room shows its whole
     * text on hover.
     */
    @Test
    void timesOutcomesAndCodesAreReadWholeInASmallWindow(FxRobot robot) throws Exception {
        server.admin().createUser("alice.walkthrough", "a long enough password");
        String chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        try (var browser = new dev.palisade.console.scenarios.ScenarioClient(server.api(""), "127.0.111.10", chrome)) {
            var page = browser.page();
            var bootstrap = browser.send(browser.request("/auth/bootstrap").post(dev.palisade.console.scenarios.ScenarioClient.json(
                    "{\"pageNonce\":\"" + page.nonce() + "\",\"debugToken\":\"" + server.debugToken()
                            + "\",\"signals\":{\"webdriver\":true}}")).build());
            var session = browser.logIn("alice.walkthrough", "a long enough password", bootstrap);
            browser.send(browser.signed(session, "GET", "/api/notes", null));
            try (var other = new dev.palisade.console.scenarios.ScenarioClient(server.api(""), "127.0.111.11", "curl/8.5.0")) {
                other.send(other.signed(session, "GET", "/api/notes/with/a/longer/path", null)); // another fingerprint
            }
        }
        whole(robot, "Sessions", "createdColumn", "lastSeenColumn");
        whole(robot, "Fingerprints", "outcomeColumn", "atColumn");
        whole(robot, "Events", "codeColumn", "atColumn");
    }

    /**
     * The Cluster view with one node at 1024 px (ux47, item 1): since the Clock column came, the Node, API,
     * Admin and Version cells read "http://127.…" and "0.1.0-SNAP…". Every column of it is read whole.
     */
    @Test
    void theClusterViewsColumnsReadWholeInASmallWindow(FxRobot robot) throws Exception {
        whole(robot, "Cluster", "nodeColumn", "stateColumn", "addressColumn", "versionColumn", "uptimeColumn",
                "callsColumn", "clockColumn", "healthColumn");
    }

    /**
     * Fingerprints shows times of today as the clock does ("15:51:11"): after midnight they read as
     * tonight's until the view was loaded again. At the next poll after midnight they read with their
     * date ("12-05 15:51:11"), drawn whole in a 1024 px window, though the column was sized for the clock's.
     */
    @Test
    void afterMidnightYesterdaysTimesReadWithTheirDate(FxRobot robot) throws Exception {
        show(robot, "Fingerprints");
        Eventually.holds(() -> assertThat(atTimes(robot)).as("today's mismatch at the clock's time").isNotEmpty()
                .allMatch(t -> t.matches("\\d\\d:\\d\\d:\\d\\d"), "HH:mm:ss"));
        var tomorrow = java.time.LocalDate.now(clock).plusDays(1).atStartOfDay(clock.getZone()).plusSeconds(30);
        clock.set(tomorrow.toInstant());
        String yesterday = java.time.format.DateTimeFormatter.ofPattern("MM-dd ").format(tomorrow.minusDays(1));
        Eventually.holds(() -> assertThat(atTimes(robot)).as("yesterday's mismatch, dated").isNotEmpty()
                .allMatch(t -> t.startsWith(yesterday) && t.matches("\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), "MM-dd HH:mm:ss"));
        whole(robot, "Fingerprints", "atColumn");
    }

    /**
     * ux47, item 5: Events wrote every time with its date ("12-05 15:51:11") while Fingerprints and Sessions
     * write today's as the clock does. Events does as they do, yesterday's dated at the first poll after midnight.
     */
    @Test
    void eventsShowTodaysTimesAsTheClockDoesAndOlderOnesWithTheirDate(FxRobot robot) throws Exception {
        show(robot, "Events");
        Eventually.holds(() -> assertThat(atTimes(robot)).as("today's events at the clock's time").isNotEmpty()
                .allMatch(t -> t.matches("\\d\\d:\\d\\d:\\d\\d"), "HH:mm:ss"));
        var tomorrow = java.time.LocalDate.now(clock).plusDays(1).atStartOfDay(clock.getZone()).plusSeconds(30);
        clock.set(tomorrow.toInstant());
        String yesterday = java.time.format.DateTimeFormatter.ofPattern("MM-dd ").format(tomorrow.minusDays(1));
        Eventually.holds(() -> assertThat(atTimes(robot)).as("yesterday's events, dated").isNotEmpty()
                .allMatch(t -> t.startsWith(yesterday) && t.matches("\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), "MM-dd HH:mm:ss"));
        whole(robot, "Events", "atColumn");
    }

    /**
     * Session 49, item 1: Configuration's Keys, Debug, Operators and Audit wrote a time of today with its date
     * ("12-05 15:51:11") while Events, Fingerprints and Sessions write it as the clock does. They do as those do,
     * yesterday's dated at the first poll after midnight, drawn whole in a 1024 px window.
     */
    @Test
    void configurationShowsTodaysTimesAsTheClockDoesAndOlderOnesWithTheirDate(FxRobot robot) throws Exception {
        server.debugToken(); // a debug token and an operator made today, each an admin change in the audit trail
        server.admin().createOperator("alice", "viewer");
        List<String> tabs = List.of("Keys", "Debug", "Operators", "Audit");
        show(robot, "Configuration");
        for (String tab : tabs) {
            robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.Label l && tab.equals(l.getText())
                    && l.getStyleClass().contains("tab-label")).queryAs(Node.class));
            Eventually.holds(() -> assertThat(madeTimes(robot)).as(tab + ": today's at the clock's time").isNotEmpty()
                    .allMatch(t -> t.matches("\\d\\d:\\d\\d:\\d\\d"), "HH:mm:ss"));
        }
        var tomorrow = java.time.LocalDate.now(clock).plusDays(1).atStartOfDay(clock.getZone()).plusSeconds(30);
        clock.set(tomorrow.toInstant());
        String yesterday = java.time.format.DateTimeFormatter.ofPattern("MM-dd ").format(tomorrow.minusDays(1));
        for (String tab : tabs) {
            robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.Label l && tab.equals(l.getText())
                    && l.getStyleClass().contains("tab-label")).queryAs(Node.class));
            Eventually.holds(() -> assertThat(madeTimes(robot)).as(tab + ": yesterday's, dated").isNotEmpty()
                    .allMatch(t -> t.startsWith(yesterday) && t.matches("\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), "MM-dd HH:mm:ss"));
        }
    }

    /**
     * Session 49, item 5: Rate anomalies' When and the Users page's Created, Last seen and When (its sessions,
     * refusals and fingerprint changes) wrote a time of today with its date, unlike the other views. They do as
     * those do, yesterday's dated at the first poll after midnight.
     */
    @Test
    void anomaliesAndTheUsersPageShowTodaysTimesAsTheClockDoesAndOlderOnesWithTheirDate(FxRobot robot) throws Exception {
        TestServer.Login demo = server.loginDemo();
        for (int i = 0; i < 25; i++) server.get(demo, "/api/notes"); // past the session's window of 20 a second
        show(robot, "Rate anomalies");
        Eventually.holds(() -> assertThat(madeTimes(robot)).as("Rate anomalies: today's at the clock's time").isNotEmpty()
                .allMatch(t -> t.matches("\\d\\d:\\d\\d:\\d\\d"), "HH:mm:ss"));
        show(robot, "Users");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> who = robot.lookup("#user-choice").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> who.setValue("demo"));
        List<String> tabs = List.of("Sessions", "Refusals", "Fingerprint changes"); // the start's mismatch and anonymous call
        for (String tab : tabs) {
            robot.clickOn(tabLabel(robot, tab));
            Eventually.holds(() -> assertThat(madeTimes(robot)).as("Users, " + tab + ": today's at the clock's time").isNotEmpty()
                    .allMatch(t -> t.matches("\\d\\d:\\d\\d:\\d\\d"), "HH:mm:ss"));
        }
        var tomorrow = java.time.LocalDate.now(clock).plusDays(1).atStartOfDay(clock.getZone()).plusSeconds(30);
        clock.set(tomorrow.toInstant());
        String yesterday = java.time.format.DateTimeFormatter.ofPattern("MM-dd ").format(tomorrow.minusDays(1));
        for (String tab : tabs) {
            robot.clickOn(tabLabel(robot, tab));
            Eventually.holds(() -> assertThat(madeTimes(robot)).as("Users, " + tab + ": yesterday's, dated").isNotEmpty()
                    .allMatch(t -> t.startsWith(yesterday) && t.matches("\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), "MM-dd HH:mm:ss"));
        }
        show(robot, "Rate anomalies");
        Eventually.holds(() -> assertThat(madeTimes(robot)).as("Rate anomalies: yesterday's, dated").isNotEmpty()
                .allMatch(t -> t.startsWith(yesterday) && t.matches("\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), "MM-dd HH:mm:ss"));
    }

    private static Node tabLabel(FxRobot robot, String tab) {
        return robot.lookup((Node n) -> n instanceof javafx.scene.control.Label l && tab.equals(l.getText())
                && l.getStyleClass().contains("tab-label") && WindowParts.showing(l)).queryAs(Node.class);
    }

    /** The text drawn in the time cells that show: Created, Last seen and When (Configuration's, Users', Rate anomalies'). */
    private static List<String> madeTimes(FxRobot robot) {
        return robot.lookup(".table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .filter(c -> WindowParts.showing(c) && !c.isEmpty() && c.getItem() != null && c.getTableColumn() != null
                        && List.of("Created", "Last seen", "When").contains(c.getTableColumn().getText()))
                .map(c -> ((Text) c.lookup(".text")).getText()).toList();
    }

    /** The text drawn in the "At" cells that show (Fingerprints', Events'). */
    private static List<String> atTimes(FxRobot robot) {
        return robot.lookup(".table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .filter(c -> WindowParts.showing(c) && !c.isEmpty() && c.getItem() != null && c.getTableColumn() != null
                        && "atColumn".equals(c.getTableColumn().getId()))
                .map(c -> ((Text) c.lookup(".text")).getText()).toList();
    }

    /** In view {@code name}, the cells of the columns {@code ids} draw their whole text; every cut cell has its text in a tooltip. */
    private static void whole(FxRobot robot, String name, String... ids) throws Exception {
        show(robot, name);
        List<String> columns = List.of(ids);
        Eventually.holds(() -> {
            int seen = 0;
            List<javafx.scene.control.TableCell<?, ?>> cut = new java.util.ArrayList<>();
            for (javafx.scene.control.TableCell<?, ?> cell : robot.lookup(".table-cell").queryAllAs(javafx.scene.control.TableCell.class)) {
                if (!WindowParts.showing(cell) || cell.isEmpty() || cell.getItem() == null || cell.getTableColumn() == null) continue;
                String item = cell.getItem().toString();
                Text drawn = (Text) cell.lookup(".text");
                if (drawn == null || item.isEmpty()) continue;
                if (columns.contains(cell.getTableColumn().getId())) {
                    seen++;
                    assertThat(drawn.getText()).as(name + ": " + cell.getTableColumn().getText() + " whole").isEqualTo(item);
                } else if (!drawn.getText().equals(item)) {
                    cut.add(cell);
                }
            }
            for (javafx.scene.control.TableCell<?, ?> cell : cut) {
                assertThat(cell.getTooltip()).as(name + ": " + cell.getTableColumn().getText() + " cut, read on hover").isNotNull();
                assertThat(cell.getTooltip().getText()).isEqualTo(cell.getItem().toString());
            }
            assertThat(seen).as(name + ": cells of " + columns).isGreaterThan(0);
        });
    }

    /** Every button showing draws its whole label, not one cut with an ellipsis. */
    /** From a walk-through at 1024×700: the Rates tab's row buttons read "Re…". Every Configuration tab's buttons read whole. */
    @Test
    void everyConfigurationTabsButtonsReadWhole(FxRobot robot) throws Exception {
        show(robot, "Configuration");
        javafx.scene.control.TabPane tabs = robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class);
        for (javafx.scene.control.Tab tab : List.copyOf(tabs.getTabs())) {
            robot.interact(() -> tabs.getSelectionModel().select(tab));
            Eventually.holds(() -> {
                if (tab.getText().equals("Rates")) assertThat(robot.lookup("#windows-0-remove").tryQuery()).as("rows shown").isPresent();
                assertButtonsWhole(robot, "Configuration › " + tab.getText());
            });
        }
    }

    /**
     * Configuration at 1024 px (ux47, item 3): the tab strip put Audit (and Operators, once tabs held edits not
     * applied) behind its ▾ menu. Every tab's title is on the strip, each form tab marked with its dot too.
     */
    @Test
    void everyConfigurationTabIsOnItsStripInASmallWindow(FxRobot robot) throws Exception {
        show(robot, "Configuration");
        javafx.scene.control.TabPane tabs = robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class);
        robot.interact(() -> {
            for (javafx.scene.control.Tab tab : tabs.getTabs()) {
                if (!List.of("TTLs", "Rates", "Rules", "Fingerprint", "Alerts").contains(tab.getText())) continue;
                javafx.scene.control.Label dot = new javafx.scene.control.Label("•"); // as ConfigurationView marks an edit not applied
                dot.getStyleClass().add("unapplied-mark");
                tab.setGraphic(dot);
            }
        });
        Eventually.holds(() -> {
            Node strip = tabs.lookup(".headers-region");
            javafx.geometry.Bounds area = tabs.localToScene(tabs.getLayoutBounds());
            List<Node> headers = List.copyOf(strip.lookupAll(".tab"));
            assertThat(headers).hasSize(tabs.getTabs().size());
            for (Node header : headers) {
                javafx.geometry.Bounds b = header.localToScene(header.getLayoutBounds());
                String title = ((javafx.scene.control.Label) header.lookup(".tab-label")).getText();
                assertThat(b.getMaxX()).as("the tab " + title + " ends within the strip")
                        .isLessThanOrEqualTo(area.getMaxX() + 0.5);
                assertThat(b.getMinX()).isGreaterThanOrEqualTo(area.getMinX() - 0.5);
            }
            Node menu = tabs.lookup(".control-buttons-tab");
            assertThat(menu == null || !WindowParts.showing(menu)).as("no ▾ menu of tabs left out").isTrue();
        });
    }

    /*
     * ux48, a walk-through at 1024×700: Keys' line on the grace read "…(no grace; se…", and on TTLs the settings'
     * descriptions ended in "…" with nothing to hover ("so no one session can fill a second f…" at 1440 px too).
     * Every label on every Configuration tab reads whole; the grace at 0 for Keys' longest wording.
     */
    @Test
    void everyConfigurationTabsWordsReadWhole(FxRobot robot) throws Exception {
        try (var admin = server.admin()) {
            admin.updateConfig(java.util.Map.of("keyGraceSeconds", 0));
        }
        show(robot, "Configuration");
        javafx.scene.control.TabPane tabs = robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class);
        for (javafx.scene.control.Tab tab : List.copyOf(tabs.getTabs())) {
            robot.interact(() -> tabs.getSelectionModel().select(tab));
            if (tab.getText().equals("Keys")) {
                Eventually.holds(() -> assertThat(robot.lookup("#grace").queryAs(javafx.scene.control.Label.class).getText())
                        .startsWith("A rotated-out signing key stops verifying at once"));
            }
            if (tab.getText().equals("TTLs")) {
                // the descriptions below the fold as well as those in sight: each drawn whole where it is
                Eventually.holds(() -> assertThat(robot.lookup("#settingsGrid .label").queryAll()).hasSizeGreaterThan(20));
                // wrapped, and right below its field: one within 20 px of the edge was given a second line's room above
                // it, so the widths are swept for every description to meet the edge somewhere
                javafx.scene.layout.GridPane grid = robot.lookup("#settingsGrid").queryAs(javafx.scene.layout.GridPane.class);
                for (double width = 1024; width <= 1400; width += 5) {
                    double w = width;
                    robot.interact(() -> stage.setWidth(w));
                    Eventually.holds(() -> {
                        for (Node n : grid.getChildren()) {
                            Integer span = javafx.scene.layout.GridPane.getColumnSpan(n);
                            if (span == null || span < 3) continue; // a description, below its setting's row
                            int row = javafx.scene.layout.GridPane.getRowIndex(n);
                            Node field = grid.getChildren().stream().filter(f -> javafx.scene.layout.GridPane.getRowIndex(f) == row - 1
                                    && Integer.valueOf(1).equals(javafx.scene.layout.GridPane.getColumnIndex(f))).findFirst().orElseThrow();
                            assertThat(n.getBoundsInParent().getMinY() - field.getBoundsInParent().getMaxY())
                                    .as("at " + w + " px, \"" + ((javafx.scene.control.Label) n).getText() + "\" right below its field")
                                    .isLessThan(grid.getVgap() + 4);
                        }
                    });
                }
                robot.interact(() -> stage.setWidth(1024));
            }
            Eventually.holds(() -> {
                for (Node n : tab.getContent().lookupAll(".label")) {
                    if (!(n instanceof javafx.scene.control.Label label) || !WindowParts.showing(label) || label.getText() == null
                            || label.getText().isEmpty() || label.getStyleClass().contains("tab-label")) continue;
                    Text drawn = (Text) label.lookup(".text");
                    if (drawn == null) continue;
                    assertThat(drawn.getText()).as("Configuration › " + tab.getText() + ": \"" + label.getText() + "\" whole")
                            .isEqualTo(label.getText());
                }
            });
        }
    }

    /*
     * ux48b, a walk-through at 1024×700: Audit's Detail read "new signing key i1NO1AihbfmP; the previous one verifi…"
     * with nothing to hover, the one column an audit trail is read for. On every Configuration tab a table cell cut
     * to fit shows its whole text on hover.
     */
    @Test
    void everyConfigurationTabsCutCellsReadWholeOnHover(FxRobot robot) throws Exception {
        try (var admin = server.admin()) {
            admin.rotate("jwt"); // "new signing key …; the previous one verifies tokens until …"
            admin.addToBlacklist("ip", "203.0.113.0/24", "seen scraping the catalogue page by page through the night, every few seconds", null);
        }
        show(robot, "Configuration");
        javafx.scene.control.TabPane tabs = robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class);
        for (javafx.scene.control.Tab tab : List.copyOf(tabs.getTabs())) {
            robot.interact(() -> tabs.getSelectionModel().select(tab));
            if (tab.getText().equals("Audit")) {
                Eventually.holds(() -> assertThat(tab.getContent().lookupAll(".table-cell").stream()
                        .anyMatch(c -> c instanceof javafx.scene.control.TableCell<?, ?> cell && cell.getItem() != null
                                && cell.getItem().toString().startsWith("new signing key"))).as("the rotation loaded").isTrue());
            }
            Eventually.holds(() -> {
                for (Node n : tab.getContent().lookupAll(".table-cell")) {
                    if (!(n instanceof javafx.scene.control.TableCell<?, ?> cell) || !WindowParts.showing(cell) || cell.isEmpty()
                            || cell.getItem() == null) continue;
                    Text drawn = (Text) cell.lookup(".text");
                    if (drawn == null || drawn.getText().equals(cell.getItem().toString())) continue;
                    String what = "Configuration › " + tab.getText() + ": " + cell.getTableColumn().getText() + " \"" + drawn.getText() + "\"";
                    assertThat(cell.getTooltip()).as(what + " cut, read on hover").isNotNull();
                    assertThat(cell.getTooltip().getText()).as(what).isEqualTo(cell.getItem().toString());
                }
            });
        }
    }

    private static void assertButtonsWhole(FxRobot robot, String view) {
        for (Node n : robot.lookup(".button").queryAll()) {
            if (n instanceof ButtonBase b && WindowParts.showing(b) && b.getText() != null && !b.getText().isEmpty()) {
                Text drawn = (Text) b.lookup(".text");
                assertThat(drawn.getText()).as(view + ": the button " + b.getText() + " is whole").isEqualTo(b.getText());
            }
        }
    }

    /**
     * Shows view {@code name} as the operator does, by its button, and makes sure it shows. A test's own calls raise
     * alerts (an automated browser's session, a mismatch) whose banner, appearing while the pointer travels, moves the
     * buttons down under it: the click lands on the button above, and the test read another view (CI, session 60).
     */
    private static void show(FxRobot robot, String name) {
        ToggleButton button = robot.lookup((Node n) -> n instanceof ToggleButton b && name.equals(b.getText())).queryAs(ToggleButton.class);
        for (int tries = 0; tries < 3 && !button.isSelected(); tries++) {
            robot.clickOn(button);
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        }
        assertThat(button.isSelected()).as(name + " shown").isTrue();
    }

}
