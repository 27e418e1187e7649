package dev.palisade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a path leads a command through, name by name as the system resolves it: each folder that holds
 * a name on the way, and each link followed (its target read and walked in turn), up to the first name
 * that does not exist yet. Whoever may change one
 * of them may lead the command elsewhere: a folder's entry moved or replaced, a link re-pointed.
 *
 * @param folders the folders holding a name on the way, real paths
 * @param links   the links followed
 */
record PathOnTheWay(Set<Path> folders, List<Path> links) {

    /** As Linux does, a path that goes through more links than this is an error. */
    private static final int MOST_LINKS = 40;

    static PathOnTheWay of(Path given) throws IOException {
        Path absolute = given.toAbsolutePath();
        Path at = absolute.getRoot();
        Deque<String> names = new ArrayDeque<>();
        for (Path name : absolute) names.add(name.toString());
        Set<Path> folders = new LinkedHashSet<>();
        List<Path> links = new ArrayList<>();
        while (!names.isEmpty()) {
            String name = names.pollFirst();
            if (name.isEmpty() || name.equals(".")) continue;
            if (name.equals("..")) { // of the folder reached, links resolved: as the system reads it
                if (at.getParent() != null) at = at.getParent();
                continue;
            }
            folders.add(at);
            Path next = at.resolve(name);
            if (!Files.exists(next, java.nio.file.LinkOption.NOFOLLOW_LINKS)) break; // made later, in the folder checked last
            if (!Files.isSymbolicLink(next)) {
                at = next;
                continue;
            }
            if (links.size() == MOST_LINKS) throw new IOException(given + " goes through more than " + MOST_LINKS + " links");
            links.add(next);
            Path target = Files.readSymbolicLink(next);
            List<String> first = new ArrayList<>();
            for (Path part : target) first.add(part.toString());
            for (int i = first.size() - 1; i >= 0; i--) names.addFirst(first.get(i));
            if (target.isAbsolute()) at = target.getRoot();
        }
        return new PathOnTheWay(folders, links);
    }
}
