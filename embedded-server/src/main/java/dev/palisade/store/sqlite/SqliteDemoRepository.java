package dev.palisade.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.demo.CartItem;
import dev.palisade.demo.DemoRepository;
import dev.palisade.demo.Note;
import dev.palisade.demo.Order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The demo API's notes, carts and orders in the same SQLite file as everything else. */
public final class SqliteDemoRepository implements DemoRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<CartItem>> ITEMS = new TypeReference<>() {};

    private final SqliteStore store;

    public SqliteDemoRepository(SqliteStore store) {
        this.store = store;
    }

    @Override
    public List<Note> notes(String owner) {
        return store.read("list notes", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, title, body, created_at, updated_at FROM notes WHERE owner = ? ORDER BY id")) {
                ps.setString(1, owner);
                return readNotes(ps);
            }
        });
    }

    @Override
    public Optional<Note> note(String owner, long id) {
        return store.read("read a note", c -> findNote(c, owner, id));
    }

    @Override
    public Note addNote(String owner, String title, String body, long now) {
        return store.inTransaction("add a note", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes (owner, title, body, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, owner);
                ps.setString(2, title);
                ps.setString(3, body);
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.executeUpdate();
                return new Note(generatedId(ps), title, body, now, now);
            }
        });
    }

    @Override
    public Optional<Note> updateNote(String owner, long id, String title, String body, long now) {
        return store.inTransaction("update a note", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE notes SET title = ?, body = ?, updated_at = ? WHERE id = ? AND owner = ?")) {
                ps.setString(1, title);
                ps.setString(2, body);
                ps.setLong(3, now);
                ps.setLong(4, id);
                ps.setString(5, owner);
                if (ps.executeUpdate() == 0) return Optional.empty();
            }
            return findNote(c, owner, id);
        });
    }

    @Override
    public boolean deleteNote(String owner, long id) {
        return store.inTransaction("delete a note", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM notes WHERE id = ? AND owner = ?")) {
                ps.setLong(1, id);
                ps.setString(2, owner);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void forget(String owner) {
        store.inTransaction("delete a user's demo rows", c -> {
            int deleted = 0;
            for (String table : new String[] {"notes", "cart_items", "orders"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE owner = ?")) {
                    ps.setString(1, owner);
                    deleted += ps.executeUpdate();
                }
            }
            return deleted;
        });
    }

    @Override
    public List<CartItem> cart(String owner) {
        return store.read("read the cart", c -> readCart(c, owner));
    }

    @Override
    public List<CartItem> addToCart(String owner, String item, int quantity) {
        return store.inTransaction("add to the cart", c -> {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*), COUNT(CASE WHEN item = ? THEN 1 END)"
                    + " FROM cart_items WHERE owner = ?")) {
                count.setString(1, item);
                count.setString(2, owner);
                try (ResultSet rs = count.executeQuery()) {
                    if (rs.next() && rs.getInt(2) == 0 && rs.getInt(1) >= MAX_CART_LINES) throw dev.palisade.demo.DemoLimits.cartFull();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cart_items (owner, item, quantity) VALUES (?, ?, ?)"
                    + " ON CONFLICT (owner, item) DO UPDATE SET quantity = MIN(quantity + excluded.quantity, 1000000)")) {
                ps.setString(1, owner);
                ps.setString(2, item);
                ps.setInt(3, quantity);
                ps.executeUpdate();
            }
            return readCart(c, owner);
        });
    }

    @Override
    public Optional<Order> placeOrder(String owner, long now) {
        return store.inTransaction("place an order", c -> {
            List<CartItem> items = readCart(c, owner);
            if (items.isEmpty()) return Optional.empty();
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM orders WHERE owner = ?")) {
                count.setString(1, owner);
                try (ResultSet rs = count.executeQuery()) {
                    if (rs.next() && rs.getInt(1) >= MAX_ORDERS) throw dev.palisade.demo.DemoLimits.tooManyOrders();
                }
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (owner, items, created_at) VALUES (?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, owner);
                ps.setString(2, encode(items));
                ps.setLong(3, now);
                ps.executeUpdate();
                id = generatedId(ps);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cart_items WHERE owner = ?")) {
                ps.setString(1, owner);
                ps.executeUpdate();
            }
            return Optional.of(new Order(id, items, now));
        });
    }

    @Override
    public List<Order> orders(String owner) {
        return store.read("list orders", c -> {
            List<Order> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, items, created_at FROM orders WHERE owner = ? ORDER BY id")) {
                ps.setString(1, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Order(rs.getLong(1), decode(rs.getString(2)), rs.getLong(3)));
                }
            }
            return out;
        });
    }

    private static Optional<Note> findNote(Connection c, String owner, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, title, body, created_at, updated_at FROM notes WHERE id = ? AND owner = ?")) {
            ps.setLong(1, id);
            ps.setString(2, owner);
            return readNotes(ps).stream().findFirst();
        }
    }

    private static List<Note> readNotes(PreparedStatement ps) throws SQLException {
        List<Note> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Note(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
        }
        return out;
    }

    private static List<CartItem> readCart(Connection c, String owner) throws SQLException {
        List<CartItem> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT item, quantity FROM cart_items WHERE owner = ? ORDER BY item")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new CartItem(rs.getString(1), rs.getInt(2)));
            }
        }
        return out;
    }

    private static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) throw new SQLException("no generated id");
            return keys.getLong(1);
        }
    }

    private static String encode(List<CartItem> items) throws SQLException {
        try {
            return JSON.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot encode order items", e);
        }
    }

    private static List<CartItem> decode(String json) throws SQLException {
        try {
            return JSON.readValue(json, ITEMS);
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt order items", e);
        }
    }
}
