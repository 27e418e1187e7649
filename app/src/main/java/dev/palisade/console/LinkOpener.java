package dev.palisade.console;

import java.util.function.Consumer;

/**
 * Opens a link in the desktop's browser off the FX thread: JavaFX's {@code HostServices.showDocument}
 * looks for a browser by running programs and waiting for them, which would freeze the window meanwhile.
 * On Linux {@code xdg-open} is asked first, since {@code showDocument} only prints its failure to the
 * terminal; a browser that could not be opened is told to {@code unopened}, with the link, so the
 * window can say so.
 */
final class LinkOpener implements Consumer<String> {

    private static final System.Logger LOG = System.getLogger(LinkOpener.class.getName());

    private final Consumer<String> browser;
    private final Consumer<String> unopened;

    /**
     * @param browser  what opens a link, and may wait to; throws when it could not
     * @param unopened told the link a browser could not be opened for (on the opener's thread)
     */
    LinkOpener(Consumer<String> browser, Consumer<String> unopened) {
        this.browser = browser;
        this.unopened = unopened;
    }

    /** The desktop's browser: {@code xdg-open} where there is one, else JavaFX's {@code showDocument}. */
    static Consumer<String> desktop(Consumer<String> showDocument) {
        return url -> {
            if (!xdgOpen(url)) showDocument.accept(url);
        };
    }

    /**
     * Runs {@code xdg-open url}: false when there is none (not Linux, or not installed); throws when it
     * failed. One still running after a few seconds is a browser it started and waits for: opened.
     */
    static boolean xdgOpen(String url) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return false;
        Process p;
        try {
            p = new ProcessBuilder("xdg-open", url).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException none) {
            return false;
        }
        try {
            if (p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() != 0) {
                throw new IllegalStateException("xdg-open found no browser (exit " + p.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    @Override
    public void accept(String url) {
        Thread t = new Thread(() -> {
            try {
                browser.accept(url);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not open " + url + " in a browser: " + e.getMessage());
                unopened.accept(url);
            }
        }, "palisade-open-link");
        t.setDaemon(true);
        t.start();
    }
}
