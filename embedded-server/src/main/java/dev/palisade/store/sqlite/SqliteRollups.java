package dev.palisade.store.sqlite;

import dev.palisade.engine.event.Rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The rollups table: rows add up per (dimension, minute, key), so a minute written twice is counted once each time. */
final class SqliteRollups {

    private SqliteRollups() {}

    static int add(Connection c, List<Rollup> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollups (minute, dimension, key, calls) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (dimension, minute, key) DO UPDATE SET calls = calls + excluded.calls")) {
            for (Rollup r : rows) {
                ps.setLong(1, r.minute());
                ps.setString(2, r.dimension().label());
                ps.setString(3, r.key());
                ps.setLong(4, r.calls());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rows.size();
    }

    static List<Rollup.Total> top(Connection c, Rollup.Dimension dimension, long from, long to, int limit) throws SQLException {
        List<Rollup.Total> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key, SUM(calls) AS n FROM rollups WHERE dimension = ?"
                + " AND minute >= ? AND minute < ? GROUP BY key ORDER BY n DESC, key LIMIT ?")) {
            ps.setString(1, dimension.label());
            // a minute counts if it overlaps the range
            ps.setLong(2, from - 59_999);
            ps.setLong(3, to);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Rollup.Total(rs.getString(1), rs.getLong(2)));
            }
        }
        return out;
    }

    /** Keys asked about at once: well under SQLite's limit on a statement's values. */
    private static final int KEYS_AT_ONCE = 500;

    static List<Rollup.Total> of(Connection c, Rollup.Dimension dimension, long from, long to, java.util.Collection<String> keys)
            throws SQLException {
        List<Rollup.Total> out = new ArrayList<>();
        List<String> all = List.copyOf(keys);
        for (int start = 0; start < all.size(); start += KEYS_AT_ONCE) {
            List<String> part = all.subList(start, Math.min(all.size(), start + KEYS_AT_ONCE));
            String marks = String.join(", ", java.util.Collections.nCopies(part.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT key, SUM(calls) FROM rollups WHERE dimension = ?"
                    + " AND minute >= ? AND minute < ? AND key IN (" + marks + ") GROUP BY key")) {
                ps.setString(1, dimension.label());
                ps.setLong(2, from - 59_999); // a minute counts if it overlaps the range
                ps.setLong(3, to);
                for (int i = 0; i < part.size(); i++) ps.setString(4 + i, part.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Rollup.Total(rs.getString(1), rs.getLong(2)));
                }
            }
        }
        return out;
    }

    static long deleteBefore(Connection c, long epochMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rollups WHERE minute < ?")) {
            ps.setLong(1, epochMillis);
            return ps.executeUpdate();
        }
    }
}
