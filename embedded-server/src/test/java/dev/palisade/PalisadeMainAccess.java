package dev.palisade;

import java.io.PrintStream;

/** Lets tests in other packages run the command line as {@code main} would, without exiting the JVM. */
public final class PalisadeMainAccess {

    private PalisadeMainAccess() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return PalisadeMain.run(args, out, err);
    }
}
