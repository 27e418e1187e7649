package dev.palisade.console;

import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A link the operator clicks is opened without the window waiting for the browser (headless FX thread). */
@ExtendWith(ApplicationExtension.class)
class LinkOpenerTest {

    @Start
    void start(Stage stage) { }

    @Test
    void aLinkIsOpenedOffTheFxThreadWhichGoesOnMeanwhile() throws Exception {
        CountDownLatch browserStarted = new CountDownLatch(1);
        CompletableFuture<String> opened = new CompletableFuture<>();
        LinkOpener opener = new LinkOpener(url -> {
            // a browser looked for by running programs and waiting for them
            opened.complete(url + (Platform.isFxApplicationThread() ? " on the FX thread" : ""));
            try {
                browserStarted.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, url -> { });
        CompletableFuture<Void> clicked = new CompletableFuture<>();
        Platform.runLater(() -> {
            opener.accept("https://example.test/docs");
            clicked.complete(null);
        });

        // before, the window waited for the browser: the click returned only once it had started
        clicked.get(5, TimeUnit.SECONDS);
        assertThat(opened.get(5, TimeUnit.SECONDS)).isEqualTo("https://example.test/docs");
        browserStarted.countDown();
    }

    /* A browser that could not be opened was only printed in the terminal: the window said nothing. */
    @Test
    void aLinkNoBrowserCouldOpenIsToldWithItsAddress() throws Exception {
        CompletableFuture<String> told = new CompletableFuture<>();
        new LinkOpener(url -> {
            throw new IllegalStateException("xdg-open found no browser (exit 3)");
        }, told::complete).accept("http://127.0.0.1:8080/");
        assertThat(told.get(5, TimeUnit.SECONDS)).isEqualTo("http://127.0.0.1:8080/");
    }
}
