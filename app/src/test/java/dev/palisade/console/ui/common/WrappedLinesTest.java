package dev.palisade.console.ui.common;

import javafx.collections.FXCollections;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines wrapped to a list's width, each whole however many lines it takes (Scenarios' cost lines). */
@ExtendWith(ApplicationExtension.class)
class WrappedLinesTest {

    private static final String LONG = ("L5 automated_browser: #12 flagged by automation, 2 sessions: 180 ms of work, 1 900 ms"
            + " of wall time (in the browser: Palisade.lastBootstrap, page token and challenge); ").repeat(4) + "the end";

    private ListView<String> list;

    @Start
    void start(Stage stage) {
        list = new ListView<>(FXCollections.observableArrayList("L0 no_client: #1 caught by credentials", LONG));
        WrappedLines.install(list);
        stage.setMinWidth(0); // the stage is shared with other test classes, whose windows set a least size
        stage.setMinHeight(0);
        Scene scene = new Scene(list, 420, 500);
        // as the console's theme (AtlantaFX) styles every list: one height for every cell, two lines of text
        scene.getStylesheets().add("data:text/css;base64," + java.util.Base64.getEncoder().encodeToString(
                ".list-view .list-cell { -fx-cell-size: 2.8em; }".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aLineSeveralTimesTheListsWidthIsDrawnWholeWithoutSidewaysScrolling(FxRobot robot) throws Exception {
        dev.palisade.console.Eventually.holds(() -> {
            for (Node n : list.lookupAll(".scroll-bar")) {
                if (n instanceof ScrollBar bar && bar.getOrientation() == Orientation.HORIZONTAL) {
                    assertThat(bar.isVisible()).as("sideways scrolling").isFalse();
                }
            }
            ListCell<?> cell = list.lookupAll(".list-cell").stream().map(ListCell.class::cast)
                    .filter(c -> c.getIndex() == 1).findFirst().orElseThrow();
            Text drawn = (Text) cell.lookup(".text");
            assertThat(drawn.getText()).as("the whole line, not cut with an ellipsis").isEqualTo(LONG);
            assertThat(drawn.getBoundsInParent().getMaxY()).as("its last line inside the cell")
                    .isLessThanOrEqualTo(cell.getHeight() + 0.5);
            assertThat(cell.getWidth()).as("within the list").isLessThanOrEqualTo(list.getWidth());
        });
    }
}
