package dev.palisade.demo;

import java.util.List;
import java.util.Optional;

/** The demo API's data, each row owned by one principal; no principal sees another's rows. */
public interface DemoRepository {

    /** What one owner holds at most: the demo's data lives beside the security state (in a cluster, in Redis memory). */
    int MAX_CART_LINES = 100;
    int MAX_ORDERS = 1_000;

    List<Note> notes(String owner);
    Optional<Note> note(String owner, long id);
    Note addNote(String owner, String title, String body, long now);
    Optional<Note> updateNote(String owner, long id, String title, String body, long now);
    boolean deleteNote(String owner, long id);

    List<CartItem> cart(String owner);
    /**
     * Adds {@code quantity} to the item's line (creating it); returns the whole cart.
     *
     * @throws dev.palisade.engine.ConflictException a new line past {@link #MAX_CART_LINES}
     */
    List<CartItem> addToCart(String owner, String item, int quantity);

    /**
     * Turns the cart into an order and empties it; empty if the cart was empty.
     *
     * @throws dev.palisade.engine.ConflictException past {@link #MAX_ORDERS}: the cart is kept
     */
    Optional<Order> placeOrder(String owner, long now);
    List<Order> orders(String owner);

    /** Deletes every row of {@code owner} (a user deleted: one made later with the name starts with none). */
    void forget(String owner);
}
