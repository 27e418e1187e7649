package dev.palisade.console;

import dev.palisade.ServerConfig;
import dev.palisade.console.client.Dtos.NodeView;
import dev.palisade.state.redis.RedisServer;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Cluster view in the real window (headless), connected to one of two real servers that share a
 * real redis-server: both nodes listed, and the other shown missing once it stops.
 */
@ExtendWith(ApplicationExtension.class)
class ClusterWindowTest {

    private RedisServer redis;
    private TestServer a;
    private TestServer b;
    private ConsoleWindow window;
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("palisade-cluster-window-test");
        Path key = dir.resolve("cluster.key");
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        Files.writeString(key, Base64.getEncoder().encodeToString(k));
        redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
        ServerConfig.Cluster cluster = new ServerConfig.Cluster(redis.uri(), null, null, key);
        a = new TestServer(Files.createDirectories(dir.resolve("a")), c -> c.withCluster(cluster));
        b = new TestServer(Files.createDirectories(dir.resolve("b")), c -> c.withCluster(cluster));
        window = ConsoleWindow.open(stage, a.context(), url -> { }, ctx -> { },
                dev.palisade.console.TestProfiles.fresh());
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        window.close();
        a.close();
        if (b != null) b.close();
        redis.close();
        TestServer.deleteTree(dir);
    }

    @Test
    void theClusterViewListsEveryNodeAndMarksOneThatStoppedMissing(FxRobot robot) throws Exception {
        robot.clickOn(robot.lookup((Node n) -> n instanceof ToggleButton t && "Cluster".equals(t.getText()))
                .queryAs(ToggleButton.class));
        @SuppressWarnings("unchecked")
        TableView<NodeView> table = robot.lookup("#cluster-nodes").queryAs(TableView.class);
        Label summary = robot.lookup("#cluster-summary").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 2
                && summary.getText().startsWith("2 nodes: 2 up"));
        assertThat(table.getItems()).extracting(NodeView::api).containsExactlyInAnyOrder(a.api(""), b.api(""));
        // the cells are made at a later pulse than the items
        Eventually.holds(() -> assertThat(robot.lookup("#cluster-nodes .text").queryAll())
                .as("this console's node is named in the table")
                .anySatisfy(t -> assertThat(((javafx.scene.text.Text) t).getText()).endsWith("\nthis console's")));

        b.close();
        b = null;
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> summary.getText().startsWith("2 nodes: 1 up, 1 missing"));
        assertThat(table.getItems()).filteredOn(n -> n.state().equals("missing")).singleElement()
                .satisfies(n -> assertThat(n.self()).isFalse());
        // how long it has been silent, in its State cell (its health cell says how it last was)
        Eventually.holds(() -> assertThat(robot.lookup("#cluster-nodes .text").queryAll())
                .anySatisfy(t -> assertThat(((javafx.scene.text.Text) t).getText()).matches("missing\\nfor \\d+ s"))
                .anySatisfy(t -> assertThat(((javafx.scene.text.Text) t).getText()).isEqualTo("last: ok")));
    }
}
