package dev.palisade.demo;

import java.util.List;
import java.util.Optional;

/** The demo API's data, each row owned by one principal; no principal sees another's rows. */
public interface DemoRepository {
    List<Note> notes(String owner);
    Optional<Note> note(String owner, long id);
    Note addNote(String owner, String title, String body, long now);
    Optional<Note> updateNote(String owner, long id, String title, String body, long now);
    boolean deleteNote(String owner, long id);

    List<CartItem> cart(String owner);
    /** Adds {@code quantity} to the item's line (creating it); returns the whole cart. */
    List<CartItem> addToCart(String owner, String item, int quantity);

    /** Turns the cart into an order and empties it; empty if the cart was empty. */
    Optional<Order> placeOrder(String owner, long now);
    List<Order> orders(String owner);

    /** Deletes every row of {@code owner} (a user deleted: one made later with the name starts with none). */
    void forget(String owner);
}
