package dev.palisade.state.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.palisade.demo.CartItem;
import dev.palisade.demo.DemoRepository;
import dev.palisade.demo.Note;
import dev.palisade.demo.Order;
import io.lettuce.core.ScriptOutputType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in demo API's notes, carts and orders in a cluster's Redis, so a client whose look at the
 * cart and whose order go to different nodes orders what it put in the cart. Per owner: a hash of
 * notes (id → JSON), a hash of cart lines (item → quantity) and a hash of orders (id → JSON); ids
 * from one counter per kind, as SQLite's would be.
 */
final class RedisDemoRepository implements DemoRepository {

    private static final int MAX_QUANTITY = 1_000_000;

    /** Only an existing note changes: an update never makes one. */
    private static final LuaScript UPDATE = new LuaScript("""
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return false end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """);

    /** ARGV: item, quantity, a line's most, the cart's most lines. The cart's lines, or {'full'} for a new line past the most. */
    private static final LuaScript ADD_TO_CART = new LuaScript("""
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
              return {'full'}
            end
            local q = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
            if q > tonumber(ARGV[3]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
            return redis.call('HGETALL', KEYS[1])
            """);

    /**
     * The cart becomes an order and empties, at once: two nodes placing it both never make two orders,
     * and no failure between the two leaves an emptied cart without its order. KEYS: cart, orders, the
     * order counter; ARGV: now, an owner's most orders. The order's JSON, false for an empty cart, 'full' past the most.
     */
    private static final LuaScript PLACE_ORDER = new LuaScript("""
            local lines = redis.call('HGETALL', KEYS[1])
            if #lines == 0 then return false end
            if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[2]) then return 'full' end
            local items = {}
            for i = 1, #lines, 2 do items[#items + 1] = {item = lines[i], quantity = tonumber(lines[i + 1])} end
            table.sort(items, function (a, b) return a.item < b.item end)
            local id = redis.call('INCR', KEYS[3])
            local order = cjson.encode({id = id, items = items, createdAt = tonumber(ARGV[1])})
            redis.call('HSET', KEYS[2], id, order)
            redis.call('DEL', KEYS[1])
            return order
            """);

    /** A user's notes in a cluster's demo: they live in Redis memory, beside the security state. */
    static final int MAX_NOTES = 10_000;

    private final RedisLink link;

    RedisDemoRepository(RedisLink link) {
        this.link = link;
    }

    private String notesOf(String owner) { return link.key("demo:notes:" + owner); }
    private String cartOf(String owner) { return link.key("demo:cart:" + owner); }
    private String ordersOf(String owner) { return link.key("demo:orders:" + owner); }

    @Override
    public List<Note> notes(String owner) {
        List<Note> out = new ArrayList<>();
        link.call("list notes", r -> r.hvals(notesOf(owner))).forEach(json -> out.add(read(json, Note.class)));
        out.sort(Comparator.comparingLong(Note::id));
        return out;
    }

    @Override
    public Optional<Note> note(String owner, long id) {
        String json = link.call("read a note", r -> r.hget(notesOf(owner), Long.toString(id)));
        return json == null ? Optional.empty() : Optional.of(read(json, Note.class));
    }

    @Override
    public Note addNote(String owner, String title, String body, long now) {
        if (link.call("count notes", r -> r.hlen(notesOf(owner))) >= MAX_NOTES) {
            throw new dev.palisade.engine.ConflictException("at most " + MAX_NOTES + " notes per user in a cluster's demo API;"
                    + " delete some first");
        }
        long id = link.call("number a note", r -> r.incr(link.key("demo:note-id")));
        Note note = new Note(id, title, body, now, now);
        link.call("add a note", r -> r.hset(notesOf(owner), Long.toString(id), write(note)));
        return note;
    }

    @Override
    public Optional<Note> updateNote(String owner, long id, String title, String body, long now) {
        Optional<Note> old = note(owner, id);
        if (old.isEmpty()) return Optional.empty();
        Note updated = new Note(id, title, body, old.get().createdAt(), now);
        Long done = link.call("update a note", r -> UPDATE.<Long>run(r, ScriptOutputType.INTEGER,
                new String[] {notesOf(owner)}, Long.toString(id), write(updated)));
        return done == null ? Optional.empty() : Optional.of(updated);
    }

    @Override
    public boolean deleteNote(String owner, long id) {
        return link.call("delete a note", r -> r.hdel(notesOf(owner), Long.toString(id))) == 1;
    }

    @Override
    public void forget(String owner) {
        link.call("delete a user's demo rows", r -> r.del(notesOf(owner), cartOf(owner), ordersOf(owner)));
    }

    @Override
    public List<CartItem> cart(String owner) {
        return lines(link.call("read the cart", r -> r.hgetall(cartOf(owner))));
    }

    @Override
    public List<CartItem> addToCart(String owner, String item, int quantity) {
        List<Object> flat = link.call("add to the cart", r -> ADD_TO_CART.<List<Object>>run(r, ScriptOutputType.MULTI,
                new String[] {cartOf(owner)}, item, Integer.toString(quantity), Integer.toString(MAX_QUANTITY),
                Integer.toString(MAX_CART_LINES)));
        if (flat.size() == 1) throw dev.palisade.demo.DemoLimits.cartFull(); // {'full'}: lines come in pairs
        return flatLines(flat);
    }

    @Override
    public Optional<Order> placeOrder(String owner, long now) {
        String json = link.call("place an order", r -> PLACE_ORDER.<String>run(r, ScriptOutputType.VALUE,
                new String[] {cartOf(owner), ordersOf(owner), link.key("demo:order-id")}, Long.toString(now),
                Integer.toString(MAX_ORDERS)));
        if (json == null) return Optional.empty();
        if (json.equals("full")) throw dev.palisade.demo.DemoLimits.tooManyOrders();
        return Optional.of(read(json, Order.class));
    }

    @Override
    public List<Order> orders(String owner) {
        List<Order> out = new ArrayList<>();
        link.call("list orders", r -> r.hvals(ordersOf(owner))).forEach(json -> out.add(read(json, Order.class)));
        out.sort(Comparator.comparingLong(Order::id));
        return out;
    }

    /** A cart's lines by item, as the SQLite demo lists them. */
    private static List<CartItem> lines(Map<String, String> hash) {
        List<CartItem> out = new ArrayList<>();
        hash.forEach((item, quantity) -> out.add(new CartItem(item, Integer.parseInt(quantity))));
        out.sort(Comparator.comparing(CartItem::item));
        return out;
    }

    /** The same from a script's reply: item, quantity, item, quantity… */
    private static List<CartItem> flatLines(List<Object> flat) {
        Map<String, String> hash = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) hash.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        return lines(hash);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return SharedRecords.JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a demo record in Redis is not Palisade's", e);
        }
    }

    private static String write(Object value) {
        try {
            return SharedRecords.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
