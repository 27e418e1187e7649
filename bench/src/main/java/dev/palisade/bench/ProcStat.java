package dev.palisade.bench;

/** Reads a {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat} line. */
final class ProcStat {

    private ProcStat() {}

    /**
     * The fields after the command's name: the name is in parentheses and may hold blanks and parentheses
     * itself, so the split starts after the last ')'. Index 0 is field 3 (the state): utime is [11],
     * stime [12], cutime [13], cstime [14], starttime [19].
     */
    static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
