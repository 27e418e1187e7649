package dev.palisade.console.ui.main;

import dev.palisade.console.ui.common.Dialogs;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

import java.net.URI;

/**
 * Asks which of the developer's own APIs the bundled server should protect (reverse-proxy mode), the one
 * it protects now filled in; while it protects one, it may go back to its demo API ({@link #DEMO_API}).
 */
public final class ProtectDialog extends Dialog<URI> {

    public static final ButtonType PROTECT = new ButtonType("Protect", ButtonBar.ButtonData.OK_DONE);
    public static final ButtonType STOP = new ButtonType("Stop protecting", ButtonBar.ButtonData.LEFT);
    /** The answer "stop protecting": the bundled server serves its demo API again. */
    public static final URI DEMO_API = URI.create("palisade:demo-api");

    /** @param current the API the bundled server protects now, or null (its demo API) */
    public ProtectDialog(URI current) {
        setTitle("Protect an API");
        setHeaderText("Put the bundled Palisade in front of your own API");
        TextField url = new TextField(current == null ? "http://localhost:3000" : current.toString());
        url.setId("upstreamUrl");
        url.setPrefColumnCount(28);
        Label hint = new Label("Your front end then loads from the client page URL and adds palisade.js;\n"
                + "your API receives X-Palisade-User, -Session and -Signature (see the README).\n"
                + "The bundled server restarts on the same ports and data: sessions stay, the charts start again.");
        hint.getStyleClass().add("text-muted");
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label error = Dialogs.errorLabel();
        // room for the error's two lines from the start: a window grown for it later took the hint's last line
        // where the window was not let grow (under X without a window manager)
        error.minHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.ceil(error.getFont().getSize() * 2.7), error.fontProperty()));
        GridPane grid = Dialogs.formGrid();
        grid.addRow(0, new Label("Upstream URL"), url);
        grid.add(hint, 1, 1);
        grid.add(error, 1, 2);
        getDialogPane().setContent(grid);
        // a dialog pane's minimum follows its labels' (an ellipsis each), and the window came out narrower
        // than what it holds: "Upstr…" and a hint cut off mid-sentence
        getDialogPane().setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        getDialogPane().getButtonTypes().setAll(PROTECT, ButtonType.CANCEL);
        if (current != null) getDialogPane().getButtonTypes().add(STOP);
        getDialogPane().lookupButton(PROTECT).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (parse(url.getText()) == null) {
                error.setText("An http(s) URL with a host and no user or password, e.g. http://localhost:3000");
                e.consume();
            }
        });
        setResultConverter(b -> b == PROTECT ? parse(url.getText()) : b == STOP ? DEMO_API : null);
    }

    static URI parse(String text) {
        try {
            URI u = URI.create(text.trim());
            // calls are forwarded without user info, and a password would show in the server's log
            return u.getHost() != null && u.getRawUserInfo() == null && u.getPort() <= 65_535
                    && ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
