package dev.palisade.console.ui.main;

import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.Dialogs;
import dev.palisade.console.Profiles;
import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/**
 * Chooses the server to watch: a remembered profile, or a new one (admin URL, admin token), saved for
 * next time under the name given, or watched once, unsaved, without one. Choosing a profile fills the fields
 * from it; whatever the operator did last, choosing or typing, is what Connect uses. The token field is a password
 * field and never echoed. The profiles live in java.util.prefs (a file or the registry, on disk): they
 * are read and written in the background, never on the FX thread.
 */
public final class ConnectDialog extends Dialog<Profiles.Profile> {

    public static final ButtonType CONNECT = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);
    /** The fields' width and the message's room below them (four lines): the dialog keeps its size whatever it says. */
    private static final double FIELD_WIDTH = 380;
    private static final double MESSAGE_HEIGHT = 76;
    static final String NO_NAME_HINT = "Without a name it connects once, without saving.";
    static final String TOKEN_REFUSED = "The token was refused: paste the content of admin.token or an operator token.";

    /** @param answers asks the server, in the background; throws, saying why, unless it answers and takes the token ({@link #answers}) */
    /** Set once the dialog is closed: a server that answers after a Cancel neither saves nor switches. */
    private final java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();

    public ConnectDialog(Profiles profiles, Background background, java.util.function.Consumer<Profiles.Profile> answers) {
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
        name.setPromptText("optional: to save it as a profile");
        name.setId("profileName");
        TextField url = new TextField();
        url.setPromptText("http://host:8081");
        url.setId("profileUrl");
        PasswordField token = new PasswordField();
        token.setPromptText("content of admin.token");
        token.setId("profileToken");
        for (javafx.scene.control.Control field : java.util.List.of(saved, name, url, token)) field.setPrefWidth(FIELD_WIDTH);
        // room kept for the message, said or not: a message that grew the dialog cut its buttons off, and each
        // attempt resized and moved it, so a second click on Connect landed on nothing (ux44 D7)
        Label error = new Label();
        error.setId("connectMessage");
        error.setWrapText(true);
        error.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        error.setPrefWidth(FIELD_WIDTH);
        error.setMaxWidth(FIELD_WIDTH);
        error.setMinHeight(MESSAGE_HEIGHT);
        error.setPrefHeight(MESSAGE_HEIGHT);
        error.setMaxHeight(MESSAGE_HEIGHT);
        error.getStyleClass().add("error-text");
        // four lines of room: a longer reason (a certificate's) is read whole on hover
        Tooltip whole = new Tooltip();
        whole.setWrapText(true);
        whole.setMaxWidth(FIELD_WIDTH * 1.5);
        whole.textProperty().bind(error.textProperty());
        error.tooltipProperty().bind(javafx.beans.binding.Bindings.when(error.textProperty().isEmpty())
                .then((Tooltip) null).otherwise(whole));

        // a name was required even for a one-off look (ux44 D7): said beside the field, since a prompt goes with focus
        Label unsavedHint = new Label(NO_NAME_HINT);
        unsavedHint.setId("profileNameHint");
        unsavedHint.setWrapText(true);
        unsavedHint.setMaxWidth(FIELD_WIDTH);
        unsavedHint.getStyleClass().add("text-muted");

        // the last thing done wins: a profile chosen fills the fields, which are what Connect uses (a URL typed
        // before won over a profile chosen after it, and Connect asked for a token, ux47); a field edited after
        // the choice lets the list go of it, so the list never names a profile that is not the one connected
        boolean[] filling = {false};
        saved.valueProperty().addListener((o, was, p) -> {
            if (p == null) return;
            filling[0] = true;
            try {
                name.setText(p.name());
                url.setText(p.adminUrl());
                token.setText(p.adminToken());
            } finally {
                filling[0] = false;
            }
            say(error, "", Tone.QUIET);
        });
        javafx.beans.value.ChangeListener<String> edited = (o, was, now) -> {
            Profiles.Profile p = saved.getValue();
            if (filling[0] || p == null) return;
            if (!(p.name().equals(name.getText()) && p.adminUrl().equals(url.getText()) && p.adminToken().equals(token.getText()))) {
                saved.setValue(null);
            }
        };
        for (javafx.scene.control.TextInputControl field : java.util.List.of(name, url, token)) field.textProperty().addListener(edited);

        // a saved profile's name with another URL or token is saved over at Connect: said while it is so (ux48: prod
        // chosen, its URL edited, and Connect put the new URL in prod's place without a word)
        String[] noticeShown = {""};
        Runnable tellSavingOver = () -> {
            String notice = savingOver(saved.getItems(), name.getText(), url.getText(), token.getText())
                    .map(p -> savesOverNotice(p, url.getText(), token.getText())).orElse("");
            if (!notice.isEmpty()) say(error, notice, Tone.WARNING);
            else if (!noticeShown[0].isEmpty() && error.getText().equals(noticeShown[0])) say(error, "", Tone.QUIET);
            noticeShown[0] = notice;
        };
        for (javafx.scene.control.TextInputControl field : java.util.List.of(name, url, token)) {
            field.textProperty().addListener((o, was, now) -> tellSavingOver.run());
        }
        saved.getItems().addListener((javafx.collections.ListChangeListener<Profiles.Profile>) c -> tellSavingOver.run());

        GridPane grid = Dialogs.formGrid();
        grid.addRow(0, Dialogs.fieldLabel("Saved"), saved);
        grid.addRow(1, Dialogs.fieldLabel("or new: name"), name);
        grid.add(unsavedHint, 1, 2);
        grid.addRow(3, Dialogs.fieldLabel("admin URL"), url);
        grid.addRow(4, Dialogs.fieldLabel("admin token"), token);
        grid.add(error, 1, 5);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(CONNECT, ButtonType.CANCEL);

        // the server is asked first, with the token, in the background: the window switches only to one that
        // answers (it switched before, and an unreachable server or a wrong token left no way back but retyping)
        javafx.scene.Node connect = getDialogPane().lookupButton(CONNECT);
        connect.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume();
            boolean fresh = saved.getValue() == null; // else the fields hold the profile chosen, unchanged
            boolean keep = fresh && !name.getText().isBlank();
            java.util.List<String> missing = !fresh ? java.util.List.of()
                    : keep ? Profiles.missing(name.getText(), url.getText(), token.getText())
                    : Profiles.missingToConnect(url.getText(), token.getText());
            if (!missing.isEmpty()) {
                say(error, String.join("\n", missing.stream().map(m -> "Needs " + m).toList()), Tone.REFUSED);
                return;
            }
            Profiles.Profile profile = !fresh ? saved.getValue()
                    : keep ? Profiles.check(name.getText(), url.getText(), token.getText())
                    : Profiles.unsaved(url.getText(), token.getText());
            boolean over = keep && savingOver(saved.getItems(), name.getText(), url.getText(), token.getText()).isPresent();
            say(error, "Asking " + profile.adminUrl() + "…" + (fresh && !keep ? " (not saved: no name given)"
                    : over ? " (saves over '" + profile.name() + "')" : ""), Tone.QUIET);
            connect.setDisable(true);
            background.run(() -> {
                answers.accept(profile);
                // a new profile is saved once the server took its token, unless the operator cancelled meanwhile
                if (cancelled.get()) return null;
                return keep ? profiles.save(profile.name(), profile.adminUrl(), profile.adminToken()) : profile;
            }, done -> {
                if (done == null || cancelled.get()) return;
                setResult(done);
                close();
            }, t -> {
                connect.setDisable(false);
                say(error, t.getMessage(), Tone.REFUSED);
            });
        });
        setResultConverter(button -> null); // set by the check above, once the server answered
        setOnHidden(e -> cancelled.set(true));
    }

    /** How the message line reads: a refusal, a warning of what Connect will do, or what it is doing. */
    private enum Tone {
        REFUSED("error-text"), WARNING("warning-text"), QUIET("text-muted");

        final String style;

        Tone(String style) { this.style = style; }
    }

    private static void say(Label message, String text, Tone tone) {
        message.setText(text);
        for (Tone t : Tone.values()) message.getStyleClass().remove(t.style);
        message.getStyleClass().add(tone.style);
    }

    /**
     * The saved profile Connect would save over: the one named {@code name} (as {@link Profiles#check} reads it),
     * when the URL or token typed is not what it holds; none when nothing would change or no profile has the name.
     */
    static java.util.Optional<Profiles.Profile> savingOver(java.util.List<Profiles.Profile> profiles, String name, String url,
                                                           String token) {
        String named = name.trim();
        if (named.isEmpty()) return java.util.Optional.empty();
        String typedUrl = Profiles.url(url);
        return profiles.stream().filter(p -> p.name().equals(named))
                .filter(p -> !p.adminUrl().equals(typedUrl) || !p.adminToken().equals(token.trim()))
                .findFirst();
    }

    /** What Connect will replace in {@code profile}, and how to connect once instead. */
    static String savesOverNotice(Profiles.Profile profile, String url, String token) {
        boolean otherUrl = !profile.adminUrl().equals(Profiles.url(url));
        boolean otherToken = !profile.adminToken().equals(token.trim());
        String holds = otherUrl ? ", which holds " + profile.adminUrl() + (otherToken ? " and another token" : "")
                : " with this token in place of its own";
        return "Connect saves over '" + profile.name() + "'" + holds + ". Clear the name to connect once without saving.";
    }

    private static String hostOf(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            return host == null ? url : host;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** Whether the server answers the profile's URL and takes its token; else why not, in the operator's words. */
    public static void answers(Profiles.Profile profile) {
        try (AdminClient admin = new AdminClient(profile.adminUrl(), profile.adminToken())) {
            admin.config();
        } catch (AdminApiException e) {
            if (e.status() == 0) { // "cannot reach …: why"
                String why = e.getMessage();
                throw new IllegalStateException(why == null || !why.startsWith("cannot reach ") ? "Cannot reach " + profile.adminUrl()
                        : "C" + why.substring(1), e);
            }
            // the server's own text is for scripts ("send Authorization: Bearer <token from admin.token …>"); every
            // role may read the configuration, so a 403 here is never the token's (a review's find)
            throw new IllegalStateException(e.status() == 401 ? TOKEN_REFUSED
                    : "forbidden_host".equals(e.code()) ? "The server at " + profile.adminUrl() + " does not answer to the"
                            + " name " + hostOf(profile.adminUrl()) + " on its admin listener: start it with --admin-host"
                            + " naming it (README, \"Running the server alone\")."
                    : "The server at " + profile.adminUrl() + " answered " + e.status() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot reach " + profile.adminUrl() + ": " + e.getMessage(), e);
        }
    }
}
