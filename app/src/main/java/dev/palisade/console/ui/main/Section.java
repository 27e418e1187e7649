package dev.palisade.console.ui.main;

import javafx.scene.Node;

/**
 * One view in the navigation: its name, its Feather icon, its content, and what to do each time
 * the operator opens it (reload what may have changed meanwhile).
 */
public record Section(String name, String icon, Node content, Runnable onShow) {

    public Section(String name, String icon, Node content) {
        this(name, icon, content, () -> { });
    }
}
