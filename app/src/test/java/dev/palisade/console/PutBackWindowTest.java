package dev.palisade.console;

import dev.palisade.PalisadeMainAccess;
import dev.palisade.PalisadeServer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/*
 * Durability audit 61, L3: on a server started with --config, a change made in Configuration lasted until the next
 * start and the window said nothing. The real window on a server really started with a file: each form the file puts
 * back says so above it, in the notice style, read whole in the smallest window.
 */
@ExtendWith(ApplicationExtension.class)
class PutBackWindowTest {

    private Path dir;
    private Path config;
    private PalisadeServer server;
    private ConsoleWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("palisade-put-back-window-test");
        config = Files.writeString(dir.resolve("palisade.yaml"), """
                settings:
                  autoBlockDenials: 7
                windows:
                  - {scope: session, limit: 20, windowSeconds: 1}
                fingerprint:
                  components: {userAgent: reauth}
                """);
        server = PalisadeMainAccess.open("--data-dir", dir.resolve("data").toString(), "--port", "0", "--admin-port", "0",
                "--config", config.toString());
        this.stage = stage;
        window = ConsoleWindow.open(stage, ConsoleContext.remote(server.adminUri().toString(), server.adminToken(), "remote"),
                url -> { }, ctx -> { }, TestProfiles.fresh());
        stage.show();
        stage.setWidth(1024);
        stage.setHeight(700);
    }

    @AfterEach
    void stop() {
        window.close();
        server.close();
        TestServer.deleteTree(dir);
    }

    private static String drawn(Label label) {
        return label.lookupAll(".text").stream().map(t -> ((Text) t).getText()).reduce("", String::concat);
    }

    /** The notice {@code id} shows, drawn whole (wrapped, never cut to "…") in the notice style. */
    private void toldWhole(FxRobot robot, String id, String... naming) throws Exception {
        Eventually.holds(() -> {
            Label notice = robot.lookup(id).queryAs(Label.class);
            assertThat(WindowParts.showing(notice)).as(id + " shown").isTrue();
            assertThat(notice.getText()).startsWith("Put back at each start by --config " + config.toAbsolutePath() + ":")
                    .contains(naming).endsWith("lasts until the next start; change the file to keep it.");
            assertThat(notice.getStyleClass()).as("as the Overview's notices look").contains("notice-box");
            assertThat(drawn(notice).replaceAll("\\s+", " ")).as("drawn whole").isEqualTo(notice.getText().replaceAll("\\s+", " "));
            assertThat(notice.localToScene(notice.getLayoutBounds()).getMaxX()).as("within the window")
                    .isLessThanOrEqualTo(notice.getScene().getWidth());
        });
    }

    @Test
    void eachFormTheFilePutsBackSaysSoAboveItAndTheTabStillFits(FxRobot robot) throws Exception {
        robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.ToggleButton b
                && "Configuration".equals(b.getText())).queryAs(javafx.scene.control.ToggleButton.class));

        toldWhole(robot, "#settings-put-back", ": Auto-block after denials. A change to it here ");
        Eventually.holds(() -> {
            Label notice = robot.lookup("#settings-put-back").queryAs(Label.class);
            Node form = robot.lookup("#setting-autoBlockDenials").query();
            assertThat(notice.localToScene(notice.getLayoutBounds()).getMaxY()).as("above the form")
                    .isLessThanOrEqualTo(form.localToScene(form.getLayoutBounds()).getMinY());
            ScrollPane view = (ScrollPane) ancestor(notice, n -> n instanceof ScrollPane s && s.getId() != null
                    && s.getId().startsWith("view-"));
            assertThat(view.getContent().getLayoutBounds().getHeight()).as("the view fits 1024×700 without scrolling")
                    .isLessThanOrEqualTo(view.getViewportBounds().getHeight() + 0.5);
            Button apply = robot.lookup((Node n) -> n instanceof Button b && "Apply".equals(b.getText()) && WindowParts.showing(b))
                    .queryAs(Button.class);
            assertThat(apply.localToScene(apply.getLayoutBounds()).getMaxY()).as("Apply on screen")
                    .isLessThanOrEqualTo(apply.getScene().getHeight());
        });

        WindowParts.tab(robot, "Rates");
        toldWhole(robot, "#windows-put-back", ": a change here ");
        WindowParts.tab(robot, "Fingerprint");
        toldWhole(robot, "#fingerprint-put-back", ": a change here ");
        WindowParts.tab(robot, "Rules");
        Eventually.holds(() -> {
            assertThat(robot.lookup("#rules-apply").tryQuery()).isPresent();
            assertThat(robot.lookup("#rules-put-back").tryQuery().filter(WindowParts::showing))
                    .as("the file has no rules: nothing is told there").isEmpty();
        });
    }

    private static Node ancestor(Node n, java.util.function.Predicate<Node> which) {
        for (Node p = n; p != null; p = p.getParent()) if (which.test(p)) return p;
        throw new AssertionError("no such ancestor of " + n);
    }
}
