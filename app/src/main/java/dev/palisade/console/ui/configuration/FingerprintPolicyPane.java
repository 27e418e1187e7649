package dev.palisade.console.ui.configuration;

import atlantafx.base.theme.Styles;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Configuration › Fingerprint policy: an action per component, the prefixes and proxies; Preview, then Apply. */
public final class FingerprintPolicyPane extends VBox {

    private final FingerprintPolicySection section;
    private final GridPane grid = new GridPane();

    public FingerprintPolicyPane(FingerprintPolicySection section) {
        super(8);
        this.section = section;
        setPadding(new Insets(10, 4, 4, 4));
        setId("fingerprint-policy");
        grid.setHgap(12);
        grid.setVgap(6);
        Label intro = FormParts.muted("What a change of each part of a session's fingerprint means: ignore it, alert"
                + " (an event, the call goes on), reauth (401, log in again); deny (403) is for automation signals only.");
        TextField v4 = field(section.ipv4Prefix(), "fingerprint-ipv4");
        TextField v6 = field(section.ipv6Prefix(), "fingerprint-ipv6");
        TextField proxies = field(section.trustedProxies(), "fingerprint-proxies");
        proxies.setPrefColumnCount(24);
        GridPane net = new GridPane();
        net.setHgap(12);
        net.setVgap(6);
        net.addRow(0, new Label("IPv4 network counted"), v4, FormParts.muted("bits (24: the /24 a client is in)"));
        net.addRow(1, new Label("IPv6 network counted"), v6, FormParts.muted("bits"));
        net.addRow(2, new Label("Trusted proxies"), proxies, FormParts.muted("addresses, comma separated"));
        Button preview = new Button("Preview");
        preview.setId("fingerprint-preview");
        preview.setMinWidth(Region.USE_PREF_SIZE);
        preview.setOnAction(e -> section.preview());
        Button apply = new Button("Apply");
        apply.setId("fingerprint-apply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setMinWidth(Region.USE_PREF_SIZE);
        apply.setOnAction(e -> section.apply());
        Button reload = FormParts.reloadButton("fingerprint-reload", section::load);
        Label message = new Label();
        message.setId("fingerprint-message");
        message.setWrapText(true);
        message.getStyleClass().add("text-muted");
        message.textProperty().bind(section.message());
        HBox bar = new HBox(8, preview, apply, reload, message);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label found = new Label();
        found.setId("fingerprint-preview-text");
        found.setWrapText(true);
        found.setMinHeight(Region.USE_PREF_SIZE);
        found.textProperty().bind(section.previewText());
        getChildren().addAll(FormParts.putBack(section.putBack(), "fingerprint-put-back"), intro, grid, net, bar,
                FormParts.unreadable(section.unreadable(), "fingerprint-unreadable"), found);
        section.actions().addListener((MapChangeListener<String, Object>) c -> rebuild());
        rebuild();
    }

    private static TextField field(javafx.beans.property.StringProperty value, String id) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(6);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private void rebuild() {
        grid.getChildren().clear();
        int row = 0;
        for (var e : section.actions().entrySet()) {
            ChoiceBox<String> action = new ChoiceBox<>();
            action.getItems().setAll(FingerprintPolicySection.actionsFor(e.getKey()));
            if (!action.getItems().contains(e.getValue().get())) action.getItems().add(e.getValue().get());
            action.setValue(e.getValue().get());
            action.setId("fingerprint-" + e.getKey().replace(':', '-'));
            action.valueProperty().addListener((o, was, now) -> e.getValue().set(now));
            grid.addRow(row++, new Label(dev.palisade.console.ui.common.Explanations.fingerprintComponent(e.getKey())), action);
        }
    }
}
