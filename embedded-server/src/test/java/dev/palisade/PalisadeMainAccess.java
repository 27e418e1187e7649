package dev.palisade;

import java.io.PrintStream;

/** Lets tests in other packages run the command line as {@code main} would, without exiting the JVM. */
public final class PalisadeMainAccess {

    private PalisadeMainAccess() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return PalisadeMain.run(args, out, err);
    }

    /** A start as {@code main} makes it with {@code args} (the configuration file applied), without waiting for its end. */
    public static PalisadeServer open(String... args) throws Exception {
        return PalisadeMain.open(CommandLine.parse(args, java.util.Map.of()));
    }

    /**
     * The claim alone of a start with {@code --config} on a cluster: whether the node would apply the file.
     * Nothing is applied, as when a node is stopped right after its claim.
     */
    public static boolean seedOnce(PalisadeServer server, java.nio.file.Path configFile, boolean overwrite) {
        CommandLine.Parsed parsed = parsed(server, configFile, overwrite);
        return PalisadeMain.seedOnce(server, parsed, PalisadeMain.claimText(server, parsed));
    }

    /** A start with {@code --config}: the file read, checked and applied as {@code main} does. */
    public static void configure(PalisadeServer server, java.nio.file.Path configFile, boolean overwrite) throws java.io.IOException {
        configure(server, configFile, overwrite, java.util.Map.of());
    }

    /** The same, with {@code env} as the environment the file's passwords come from. */
    public static void configure(PalisadeServer server, java.nio.file.Path configFile, boolean overwrite,
                                 java.util.Map<String, String> env) throws java.io.IOException {
        PalisadeMain.configure(server, parsed(server, configFile, overwrite), dev.palisade.config.ConfigFile.read(configFile), env);
    }

    private static CommandLine.Parsed parsed(PalisadeServer server, java.nio.file.Path configFile, boolean overwrite) {
        return new CommandLine.Parsed(server.config(), null, false, null, null, configFile, null, null, null, false, overwrite);
    }
}
