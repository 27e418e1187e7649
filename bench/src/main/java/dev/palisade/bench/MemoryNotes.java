package dev.palisade.bench;

import dev.palisade.demo.CartItem;
import dev.palisade.demo.DemoRepository;
import dev.palisade.demo.Note;
import dev.palisade.demo.Order;

import java.util.List;
import java.util.Optional;

/**
 * The demo API's data held in memory: the load test's app answers from RAM, as a lean JSON API
 * would, so A/B compares protection with a small request's own cost rather than with SQLite reads.
 */
final class MemoryNotes implements DemoRepository {

    private final List<Note> notes;

    MemoryNotes(List<Note> notes) {
        this.notes = List.copyOf(notes);
    }

    @Override public List<Note> notes(String owner) { return notes; }
    @Override public Optional<Note> note(String owner, long id) { return notes.stream().filter(n -> n.id() == id).findFirst(); }
    @Override public Note addNote(String owner, String title, String body, long now) { throw new UnsupportedOperationException("read-only"); }
    @Override public Optional<Note> updateNote(String owner, long id, String title, String body, long now) { return Optional.empty(); }
    @Override public boolean deleteNote(String owner, long id) { return false; }
    @Override public List<CartItem> cart(String owner) { return List.of(); }
    @Override public List<CartItem> addToCart(String owner, String item, int quantity) { return List.of(); }
    @Override public Optional<Order> placeOrder(String owner, long now) { return Optional.empty(); }
    @Override public List<Order> orders(String owner) { return List.of(); }
    @Override public void forget(String owner) {} // the benchmark deletes no user
}
