package dev.palisade.console.ui.main;

import javafx.scene.Node;

/** One view in the navigation: its name, its Feather icon, and its content. */
public record Section(String name, String icon, Node content) {}
