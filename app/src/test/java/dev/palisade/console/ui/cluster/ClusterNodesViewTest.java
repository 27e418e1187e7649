package dev.palisade.console.ui.cluster;

import dev.palisade.console.client.Dtos.NodeView;
import dev.palisade.console.ui.common.Background;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cluster.fxml with its controller over nodes given by the test (no server), headless: what a click on a heading does. */
@ExtendWith(ApplicationExtension.class)
class ClusterNodesViewTest {

    private final ClusterViewModel model = new ClusterViewModel(null, Background.direct()); // never loads: the test fills it
    private TableView<NodeView> table;

    @Start
    void start(Stage stage) throws Exception {
        FXMLLoader loader = new FXMLLoader(ClusterNodesView.class.getResource("/dev/palisade/console/ui/cluster/Cluster.fxml"));
        loader.setController(new ClusterNodesView(model));
        Parent view = loader.load();
        @SuppressWarnings("unchecked")
        TableView<NodeView> nodes = (TableView<NodeView>) view.lookup("#cluster-nodes");
        table = nodes;
        stage.setScene(new Scene(view, 1000, 500));
        stage.show();
    }

    private static NodeView node(String id, long uptimeSeconds) {
        return new NodeView(id, false, "up", "http://" + id + ":8080", "http://" + id + ":8081", "0.1.0", 0,
                uptimeSeconds, 0, 0.0, "ok", 0);
    }

    /*
     * ux48: a click on Uptime sorted its cells as text, "1 h 0 min" before "2 min" before "45 s" (and "10 s" before
     * "9 s"): the youngest node, the one that just restarted, was not where the operator looked for it.
     */
    @Test
    void aClickOnUptimeSortsTheNodesByHowLongTheyHaveRun(FxRobot robot) {
        robot.interact(() -> model.nodes().setAll(node("hour", 3_600), node("minutes", 120), node("ten", 10),
                node("nine", 9), node("days", 2 * 86_400)));
        robot.clickOn("Uptime");
        assertThat(shown(robot, "uptimeColumn")).as("youngest first")
                .containsExactly("9 s", "10 s", "2 min", "1 h 0 min", "2 d 0 h");
        robot.clickOn("Uptime");
        assertThat(shown(robot, "uptimeColumn")).as("oldest first")
                .containsExactly("2 d 0 h", "1 h 0 min", "2 min", "10 s", "9 s");
    }

    /*
     * ux48: Clock and State sorted as text too: "12.0 s ahead" before "2.3 s behind" before "in step", and a node
     * "missing for 10 s" before one missing for 9. Clock sorts from the furthest ahead to the furthest behind, State
     * the nodes up first, then the missing ones by how long they have been silent.
     */
    @Test
    void aClickOnClockOrStateSortsByTheOffsetAndTheSilence(FxRobot robot) {
        long now = 1_000_000;
        robot.interact(() -> model.show(new dev.palisade.console.client.Dtos.ClusterView(true, "redis://r:6379/0", List.of(
                clocked("behind-2", 2_340, now), clocked("ahead-12", -12_000, now), clocked("in-step", 300, now),
                clocked("behind-30", 30_000, now), missing("silent-9", now - 9_000), missing("silent-10", now - 10_000),
                self(now)))));
        robot.clickOn("Clock");
        assertThat(shown(robot, "clockColumn")).containsExactly("12.0 s\nahead", "in step", "in step", "in step",
                "in step", "2.3 s\nbehind", "30.0 s\nbehind");
        robot.clickOn("State");
        assertThat(shown(robot, "stateColumn")).containsExactly("up", "up", "up", "up", "up",
                "missing\nfor 9 s", "missing\nfor 10 s");
    }

    /*
     * ux48b: "Each node writes a heartbeat every second; one silent for 5 s is shown as missing." stood under the
     * table of a server running alone, where no node can go missing. It is told only on a cluster.
     */
    @Test
    void theHeartbeatRuleIsToldOnlyOnACluster(FxRobot robot) {
        long now = 1_000_000;
        robot.interact(() -> model.show(new dev.palisade.console.client.Dtos.ClusterView(false, "", List.of(self(now)))));
        assertThat(robot.lookup("This server runs alone (started without --cluster): nothing is shared with other servers.")
                .tryQuery()).isPresent();
        assertThat(robot.lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Label l && l.isVisible()
                && l.getText() != null && l.getText().contains("writes a heartbeat")).tryQuery()).as("alone: no rule about nodes").isEmpty();
        robot.interact(() -> model.show(new dev.palisade.console.client.Dtos.ClusterView(true, "redis://r:6379/0", List.of(
                self(now), missing("silent-9", now - 9_000)))));
        assertThat(robot.lookup("Each node writes a heartbeat every second; one silent for 5 s is shown as missing.")
                .match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery()).as("a cluster: the State column's rule").isPresent();
    }

    private static NodeView clocked(String id, long offsetMillis, long lastSeenAt) {
        return new NodeView(id, false, "up", "http://" + id + ":8080", "http://" + id + ":8081", "0.1.0", 0, 60,
                lastSeenAt, 0.0, "ok", offsetMillis);
    }

    private static NodeView missing(String id, long lastSeenAt) {
        return new NodeView(id, false, "missing", "http://" + id + ":8080", "http://" + id + ":8081", "0.1.0", 0, 60,
                lastSeenAt, 0.0, "no heartbeat for 9 s (last: ok)", 0);
    }

    private static NodeView self(long now) {
        return new NodeView("self", true, "up", "http://self:8080", "http://self:8081", "0.1.0", 0, 60, now, 0.0, "ok", 0);
    }

    /** What the column with {@code id} shows, row by row, in the table's order. */
    private List<String> shown(FxRobot robot, String id) {
        TableColumn<NodeView, ?> column = table.getColumns().stream().filter(c -> id.equals(c.getId())).findFirst().orElseThrow();
        List<String> texts = new java.util.ArrayList<>();
        robot.interact(() -> {
            for (int row = 0; row < table.getItems().size(); row++) texts.add(String.valueOf(column.getCellData(row)));
        });
        return texts;
    }
}
