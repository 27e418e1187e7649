package dev.palisade.engine.blacklist;

import java.util.List;

/**
 * The user agents every new installation refuses (HTTP libraries and scanners that no person's browser
 * sends): a single node gets them in its first database, a cluster when it is founded. An operator may
 * delete any of them.
 */
public final class UsualSuspects {

    private static final String[][] AGENTS = {
            {"curl", "^curl/"}, {"wget", "^Wget/"}, {"python-requests", "python-requests"},
            {"python-urllib", "python-urllib"}, {"aiohttp", "aiohttp"}, {"go-http-client", "^Go-http-client/"},
            {"libwww-perl", "libwww-perl"}, {"scrapy", "Scrapy"}, {"httrack", "HTTrack"}, {"sqlmap", "sqlmap"},
            {"nikto", "Nikto"}, {"masscan", "masscan"}, {"zgrab", "zgrab"}, {"apache-httpclient", "^Apache-HttpClient/"}};

    private UsualSuspects() {}

    /** The shipped entries: ids {@code default-<name>}, made by {@code palisade} at time 0, never expiring. */
    public static List<BlacklistEntry> entries() {
        return java.util.Arrays.stream(AGENTS).map(a -> new BlacklistEntry("default-" + a[0], EntryKind.USER_AGENT, a[1],
                "a usual suspect (shipped default)", "palisade", 0, 0)).toList();
    }
}
