package dev.palisade.console.ui.main;

import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.Dialogs;
import dev.palisade.console.Profiles;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/**
 * Chooses the server to watch: a remembered profile, or a new one (name, admin URL, admin token)
 * that is saved for next time. The token field is a password field and never echoed. The profiles
 * live in java.util.prefs (a file or the registry, on disk): they are read and written in the
 * background, never on the FX thread.
 */
public final class ConnectDialog extends Dialog<Profiles.Profile> {

    public static final ButtonType CONNECT = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);

    public ConnectDialog(Profiles profiles, Background background) {
        setTitle("Connect to a Palisade server");
        setHeaderText("Watch another server through its admin API");
        ComboBox<Profiles.Profile> saved = new ComboBox<>();
        saved.setId("savedProfiles");
        saved.setPromptText("reading saved profiles…");
        background.run(profiles::list, list -> {
            saved.getItems().setAll(list);
            saved.setPromptText(list.isEmpty() ? "no saved profiles" : "a saved profile");
        }, t -> saved.setPromptText("cannot read saved profiles"));
        TextField name = new TextField();
        name.setPromptText("profile name");
        name.setId("profileName");
        TextField url = new TextField();
        url.setPromptText("http://host:8081");
        url.setId("profileUrl");
        PasswordField token = new PasswordField();
        token.setPromptText("content of admin.token");
        token.setId("profileToken");
        Label error = Dialogs.errorLabel();

        GridPane grid = Dialogs.formGrid();
        grid.addRow(0, new Label("Saved"), saved);
        grid.addRow(1, new Label("or new: name"), name);
        grid.addRow(2, new Label("admin URL"), url);
        grid.addRow(3, new Label("admin token"), token);
        grid.add(error, 1, 4);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(CONNECT, ButtonType.CANCEL);

        // a new profile is checked, then saved in the background before the dialog closes; mistakes stay on screen
        javafx.scene.Node connect = getDialogPane().lookupButton(CONNECT);
        connect.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (saved.getValue() != null && name.getText().isBlank()) return; // the converter returns it
            e.consume();
            Profiles.Profile profile;
            try {
                profile = Profiles.check(name.getText(), url.getText(), token.getText());
            } catch (IllegalArgumentException ex) {
                error.setText("Needs " + ex.getMessage());
                return;
            }
            error.setText("");
            connect.setDisable(true);
            background.run(() -> profiles.save(profile.name(), profile.adminUrl(), profile.adminToken()), done -> {
                setResult(done);
                close();
            }, t -> {
                connect.setDisable(false);
                error.setText(t.getMessage());
            });
        });
        setResultConverter(button -> button == CONNECT ? saved.getValue() : null);
    }
}
