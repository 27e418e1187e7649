package dev.palisade;

/** Whether this process runs as root: by its user number, which a name (user.name, from the environment) may hide. */
final class RunningAs {

    private RunningAs() {}

    static boolean root() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError | RuntimeException notUnix) { // another system, or the module left out of a runtime image
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
