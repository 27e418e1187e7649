package dev.palisade;

import java.io.PrintStream;

/** Lets tests in other packages run the command line as {@code main} would, without exiting the JVM. */
public final class PalisadeMainAccess {

    private PalisadeMainAccess() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return PalisadeMain.run(args, out, err);
    }

    /** The cluster rule for {@code --config}: seeds once, then only with {@code --config-overwrite}. */
    public static boolean seedOnce(PalisadeServer server, java.nio.file.Path configFile, boolean overwrite) {
        return PalisadeMain.seedOnce(server, new CommandLine.Parsed(server.config(), null,
                false, null, null, configFile, null, null, false, overwrite));
    }
}
