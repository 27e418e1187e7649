package dev.palisade.console.ui.common;

import atlantafx.base.theme.PrimerDark;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ux44 D9: in the dark theme a combo box's pop-up had a white frame, its shadow's room drawn opaque where
 * windows cannot be transparent. There the pop-up has no shadow, so no room around it; elsewhere it keeps it.
 */
@ExtendWith(ApplicationExtension.class)
class OpaquePopupsTest {

    private final String theme = Application.getUserAgentStylesheet();
    private Stage stage;
    private ComboBox<String> range;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        range = new ComboBox<>();
        range.setId("range");
        range.getItems().setAll("Any time", "Last 15 minutes", "Last hour");
        stage.setMinWidth(0); // the stage is shared with other test classes, whose windows set a least size
        stage.setMinHeight(0);
        stage.setScene(new Scene(new StackPane(range), 400, 300));
        stage.show();
    }

    @AfterEach
    void theme() {
        Application.setUserAgentStylesheet(theme);
    }

    private ListView<?> popupList(FxRobot robot, boolean transparentWindows) throws Exception {
        robot.interact(() -> OpaquePopups.install(stage.getScene(), transparentWindows));
        robot.clickOn("#range");
        ListView<?>[] list = new ListView<?>[1];
        dev.palisade.console.Eventually.holds(() -> {
            Node found = robot.lookup(".combo-box-popup > .list-view").query();
            assertThat(found).isNotNull();
            list[0] = (ListView<?>) found;
            assertThat(list[0].getScene().getWindow().isShowing()).isTrue();
        });
        return list[0];
    }

    @Test
    void withoutTransparentWindowsAPopupHasNoShadowAndNoFrame(FxRobot robot) throws Exception {
        ListView<?> list = popupList(robot, false);
        dev.palisade.console.Eventually.holds(() -> {
            assertThat(list.getEffect()).as("no shadow").isNull();
            assertThat(list.getScene().getWindow().getWidth()).as("the pop-up window is the list, no frame")
                    .isCloseTo(list.getWidth(), org.assertj.core.data.Offset.offset(1.0));
        });
    }

    @Test
    void withTransparentWindowsAPopupKeepsItsShadow(FxRobot robot) throws Exception {
        ListView<?> list = popupList(robot, true);
        dev.palisade.console.Eventually.holds(() -> assertThat(list.getEffect()).as("the theme's shadow").isNotNull());
    }

    /**
     * Session 45 wrote that dialogs' pop-ups kept the frame; under Xvfb they had none: a dialog owned by the
     * window takes the window's style sheets. Kept so: Connect's saved profiles and the custom range's dates.
     */
    @Test
    void withoutTransparentWindowsTheOwnedDialogsPopupsHaveNoFrameEither(FxRobot robot) throws Exception {
        robot.interact(() -> OpaquePopups.install(stage.getScene(), false));
        var background = new FxBackground();
        try {
            robot.interact(() -> {
                var connect = new dev.palisade.console.ui.main.ConnectDialog(dev.palisade.console.TestProfiles.fresh(),
                        background, p -> { });
                connect.initOwner(stage); // as the console's window does
                connect.show();
            });
            robot.clickOn("#savedProfiles");
            assertNoFrame(robot, ".combo-box-popup > .list-view");
            robot.type(javafx.scene.input.KeyCode.ESCAPE).type(javafx.scene.input.KeyCode.ESCAPE); // the list, the dialog
        } finally {
            background.close();
        }
        TimeRangePicker picker = new TimeRangePicker(java.util.List.of(TimeRange.LAST_HOUR), TimeRange.LAST_HOUR);
        robot.interact(() -> ((StackPane) stage.getScene().getRoot()).getChildren().setAll(picker));
        // the custom range's dialog waits for its answer: asked for outside interact, which would wait too
        javafx.application.Platform.runLater(() -> picker.setValue(TimeRangePicker.CUSTOM_CHOICE));
        dev.palisade.console.Eventually.holds(() -> assertThat(robot.lookup(".date-picker").queryAll()).hasSize(2));
        robot.clickOn(robot.lookup(".date-picker > .arrow-button").queryAs(Node.class), javafx.scene.input.MouseButton.PRIMARY);
        assertNoFrame(robot, ".date-picker-popup");
        robot.type(javafx.scene.input.KeyCode.ESCAPE).type(javafx.scene.input.KeyCode.ESCAPE);
    }

    private static void assertNoFrame(FxRobot robot, String popup) throws Exception {
        dev.palisade.console.Eventually.holds(() -> {
            javafx.scene.layout.Region shown = robot.lookup(popup).match(Node::isVisible).queryAs(javafx.scene.layout.Region.class);
            assertThat(shown).as(popup).isNotNull();
            assertThat(shown.getScene().getWindow().isShowing()).isTrue();
            assertThat(shown.getEffect()).as(popup + ": no shadow").isNull();
            assertThat(shown.getScene().getWindow().getWidth()).as(popup + ": the pop-up window is its content, no frame")
                    .isCloseTo(shown.getWidth(), org.assertj.core.data.Offset.offset(1.0));
        });
    }
}
