package dev.palisade.console;

import javafx.scene.Node;
import javafx.scene.control.Label;
import org.testfx.api.FxRobot;

/** How the window tests find and look at the console's parts, as a person would. */
final class WindowParts {

    private WindowParts() {}

    /** Clicks the tab named {@code name} of the view shown. */
    static void tab(FxRobot robot, String name) {
        robot.clickOn(robot.lookup(".tab-pane > .tab-header-area .tab-label")
                .match((Node n) -> n instanceof Label l && name.equals(l.getText())).queryAs(Label.class));
    }

    /** Whether {@code n} and every parent of it are visible, in a scene. */
    static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return n.getScene() != null;
    }
}
