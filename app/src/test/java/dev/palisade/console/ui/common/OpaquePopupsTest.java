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
}
