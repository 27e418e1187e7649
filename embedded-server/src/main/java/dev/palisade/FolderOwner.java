package dev.palisade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Who may change a folder (or a link to one), as a command run as root asks before it works in it: its owner (by number: a
 * name may be missing, or be root's under another name), the group and everyone else's write permission,
 * and the sticky bit, under which nobody moves or deletes another's entry.
 *
 * @param uid         the owner's number
 * @param name        the owner's name, or its number when it has none
 * @param othersWrite who besides the owner may write in it ("group palisade", "every user"), or null
 */
record FolderOwner(int uid, String name, String othersWrite, boolean sticky) {

    /** {@link #othersWrite} of a folder anyone may write. */
    static final String EVERY_USER = "every user";

    /** The folder's owner and mode, not through a link; null on a file system without owners. */
    static FolderOwner of(Path folder) throws IOException {
        PosixFileAttributes a;
        int uid;
        int gid;
        int mode;
        try {
            a = Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            uid = (Integer) Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            gid = (Integer) Files.getAttribute(folder, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            mode = (Integer) Files.getAttribute(folder, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
        Set<PosixFilePermission> p = a.permissions();
        // a link's own mode means nothing (always rwxrwxrwx): who may re-point it is who may write its folder
        String others = a.isSymbolicLink() ? null : p.contains(PosixFilePermission.OTHERS_WRITE) ? EVERY_USER
                : p.contains(PosixFilePermission.GROUP_WRITE) && gid != 0 ? "group " + a.group().getName() // root's group: root's
                : null;
        return new FolderOwner(uid, a.owner().getName(), others, (mode & 01000) != 0);
    }

    boolean root() { return uid == 0; }

    /** The owner as sudo's {@code -u} takes it: a number needs its {@code #}, quoted for the shell. */
    String sudoName() { return name.equals(Integer.toString(uid)) ? "'#" + uid + "'" : name; }
}
