package dev.palisade.console;

import java.util.function.Consumer;

/**
 * Opens a link in the desktop's browser off the FX thread: JavaFX's {@code HostServices.showDocument}
 * looks for a browser by running programs and waiting for them, which would freeze the window meanwhile.
 */
final class LinkOpener implements Consumer<String> {

    private static final System.Logger LOG = System.getLogger(LinkOpener.class.getName());

    private final Consumer<String> browser;

    /** @param browser what opens a link, and may wait to (the application's host services) */
    LinkOpener(Consumer<String> browser) {
        this.browser = browser;
    }

    @Override
    public void accept(String url) {
        Thread t = new Thread(() -> {
            try {
                browser.accept(url);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not open " + url + " in a browser", e);
            }
        }, "palisade-open-link");
        t.setDaemon(true);
        t.start();
    }
}
