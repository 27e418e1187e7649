package dev.palisade.console.ui.common;

import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Pop-ups (a combo box's list, menus, tooltips) without their shadow where windows cannot be transparent:
 * there the shadow's room around a pop-up is an opaque frame, white in the dark theme (ux44 D9).
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
