package dev.palisade.console.ui.common;

import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Pop-ups (a combo box's list, menus, tooltips) without their shadow where windows cannot be transparent:
 * there the shadow's room around a pop-up is an opaque frame, white in the dark theme (ux44 D9). A dialog
 * owned by the window takes the window's style sheets, so its pop-ups are drawn so too (Connect's saved
 * profiles, the custom range's dates): the console's dialogs are owned by its window for that as well.
 */
public final class OpaquePopups {

    static final String STYLESHEET = OpaquePopups.class.getResource("opaque-popups.css").toExternalForm();

    private OpaquePopups() {}

    /** For the window's scene: its pop-ups take their styles from it. */
    public static void install(Scene scene) {
        install(scene, Platform.isSupported(ConditionalFeature.TRANSPARENT_WINDOW));
    }

    static void install(Scene scene, boolean transparentWindows) {
        if (!transparentWindows && !scene.getStylesheets().contains(STYLESHEET)) scene.getStylesheets().add(STYLESHEET);
    }
}
