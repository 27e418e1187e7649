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

import java.nio.file.Files;
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

    @Start
    void start(Stage stage) throws Exception {
        server = new TestServer(Files.createTempDirectory("palisade-small-window-test"));
        this.stage = stage;
        // something in every list: sessions, a refused call, a fingerprint mismatch
        TestServer.Login demo = server.loginDemo();
        server.get(demo, "/api/notes");
        server.getAs(demo, "/api/notes", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0");
        server.anonymous("/api/notes");
        window = ConsoleWindow.open(stage, server.context(), url -> { }, ctx -> { },
                dev.palisade.console.TestProfiles.fresh());
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
            robot.clickOn(robot.lookup((Node n) -> n instanceof ToggleButton b && name.equals(b.getText())).queryAs(ToggleButton.class));
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
                    if (n instanceof javafx.scene.chart.NumberAxis axis && showing(axis)) {
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
                    if (n instanceof TableView<?> t && showing(t)) {
                        double columns = t.getColumns().stream().mapToDouble(c -> c.getWidth()).sum();
                        assertThat(columns).as(name + ": all columns of " + t.getId() + " on screen").isLessThanOrEqualTo(t.getWidth());
                    }
                }
            });
        }
    }

    @Test
    void scenarioResultsAreReadWholeInASmallWindow(FxRobot robot) throws Exception {
        robot.clickOn(robot.lookup((Node n) -> n instanceof ToggleButton b && "Scenarios".equals(b.getText())).queryAs(ToggleButton.class));
        // the three scenarios of the replay rung: one line naming each, wider than the window
        robot.clickOn("Replay");
        robot.press(javafx.scene.input.KeyCode.SHIFT).type(javafx.scene.input.KeyCode.DOWN, 2)
                .release(javafx.scene.input.KeyCode.SHIFT);
        robot.clickOn("Run selected");
        // three runs, each with its bootstrap and login: longer than a layout takes on a loaded machine
        org.testfx.util.WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, () -> robot
                .lookup("All 3 behaved as expected: every attack caught or flagged.").tryQuery().isPresent());
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
        for (String whole : List.of("a captured signed request is sent again", "caught by the nonce check")) {
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
        robot.clickOn(robot.lookup((Node n) -> n instanceof ToggleButton b && "Overview".equals(b.getText())).queryAs(ToggleButton.class));
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<Object> reasons = robot.lookup("#reasons").queryAs(javafx.scene.control.ListView.class);
        Eventually.holds(() -> {
            javafx.scene.control.ListCell<?> cell = reasons.lookupAll(".list-cell").stream()
                    .map(javafx.scene.control.ListCell.class::cast).filter(c -> c.getIndex() == 0 && !c.isEmpty()).findFirst().orElseThrow();
            assertThat(cell.getText()).contains("missing_credentials").endsWith("· L0 no_client");
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
     * The alert notice at the top of the window takes height from every view: the Overview's chart keeps
     * its legend (JavaFX drops it when the plot would be left under 150 px) and the view still fits.
     */
    @Test
    void theOverviewKeepsItsChartLegendBesideAnAlertNotice(FxRobot robot) throws Exception {
        server.admin().updateAlerts(java.util.Map.of("deniedPerMinute", 2));
        for (int i = 0; i < 3; i++) server.anonymous("/api/notes");
        Node bar = robot.lookup("#alertBox").query();
        org.testfx.util.WaitForAsyncUtils.waitFor(15, java.util.concurrent.TimeUnit.SECONDS, () -> showing(bar));
        Eventually.holds(() -> {
            ScrollPane view = robot.lookup("#view-0").queryAs(ScrollPane.class);
            Node content = view.getContent();
            Node legend = robot.lookup(".chart-legend").query();
            assertThat(showing(legend)).as("the chart's legend is drawn").isTrue();
            assertThat(legend.getLayoutBounds().getHeight()).as("the legend's height").isGreaterThan(0);
            assertThat(content.getLayoutBounds().getHeight()).as("the Overview fits without scrolling")
                    .isLessThanOrEqualTo(view.getViewportBounds().getHeight() + 0.5);
        });
    }

    /** A selected row's heading is longer than the hint shown before: it gives way, not the buttons beside it. */
    @Test
    void aSelectedRowsHeadingLeavesItsButtonsWhole(FxRobot robot) throws Exception {
        for (String name : List.of("Sessions", "Fingerprints")) {
            robot.clickOn(robot.lookup((Node n) -> n instanceof ToggleButton b && name.equals(b.getText())).queryAs(ToggleButton.class));
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

    /** Every button showing draws its whole label, not one cut with an ellipsis. */
    private static void assertButtonsWhole(FxRobot robot, String view) {
        for (Node n : robot.lookup(".button").queryAll()) {
            if (n instanceof ButtonBase b && showing(b) && b.getText() != null && !b.getText().isEmpty()) {
                Text drawn = (Text) b.lookup(".text");
                assertThat(drawn.getText()).as(view + ": the button " + b.getText() + " is whole").isEqualTo(b.getText());
            }
        }
    }

    private static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return n.getScene() != null;
    }
}
