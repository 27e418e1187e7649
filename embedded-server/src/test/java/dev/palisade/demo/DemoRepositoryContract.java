package dev.palisade.demo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the demo API's data must do wherever it is kept: one node's SQLite, or a cluster's Redis. */
public abstract class DemoRepositoryContract {

    /** A repository; with {@code other} true, one that another node of the same data would use. */
    protected abstract DemoRepository repository(boolean other);

    @Test
    void notesBelongToTheirOwnerAndChangeOnlyWhereTheyExist() {
        DemoRepository demo = repository(false);
        Note first = demo.addNote("alice", "one", "body", 10);
        Note second = demo.addNote("alice", "two", "", 20);
        demo.addNote("bob", "bob's", "", 30);
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(repository(true).notes("alice")).containsExactly(first, second);
        assertThat(demo.note("bob", first.id())).as("no one sees another's rows").isEmpty();

        assertThat(demo.updateNote("alice", first.id(), "one!", "new", 40))
                .contains(new Note(first.id(), "one!", "new", 10, 40));
        assertThat(repository(true).note("alice", first.id())).contains(new Note(first.id(), "one!", "new", 10, 40));
        assertThat(demo.updateNote("bob", first.id(), "x", "x", 50)).isEmpty();
        assertThat(demo.updateNote("alice", 999_999, "x", "x", 50)).isEmpty();
        assertThat(demo.notes("alice")).hasSize(2);

        assertThat(demo.deleteNote("bob", first.id())).isFalse();
        assertThat(demo.deleteNote("alice", first.id())).isTrue();
        assertThat(repository(true).deleteNote("alice", first.id())).isFalse();
        assertThat(demo.notes("alice")).containsExactly(second);
    }

    @Test
    void aCartFilledAnywhereBecomesOneOrderOnceAndEmpties() {
        DemoRepository demo = repository(false);
        assertThat(demo.placeOrder("carol", 5)).as("an empty cart orders nothing").isEmpty();
        demo.addToCart("carol", "pen", 2);
        assertThat(repository(true).addToCart("carol", "book", 1))
                .containsExactly(new CartItem("book", 1), new CartItem("pen", 2));
        assertThat(demo.addToCart("carol", "pen", 999_999)).as("a line holds at most a million")
                .containsExactly(new CartItem("book", 1), new CartItem("pen", 1_000_000));
        assertThat(demo.cart("dave")).isEmpty();

        Order order = repository(true).placeOrder("carol", 60).orElseThrow();
        assertThat(order.items()).containsExactly(new CartItem("book", 1), new CartItem("pen", 1_000_000));
        assertThat(order.createdAt()).isEqualTo(60);
        assertThat(demo.cart("carol")).isEmpty();
        assertThat(demo.placeOrder("carol", 61)).as("the same cart never orders twice").isEmpty();
        demo.addToCart("carol", "ink", 1);
        Order next = demo.placeOrder("carol", 70).orElseThrow();
        assertThat(next.id()).isGreaterThan(order.id());
        assertThat(repository(true).orders("carol")).containsExactly(order, next);
        assertThat(demo.orders("dave")).isEqualTo(List.of());
    }

    /*
     * Cluster audit 62, L2: carts and orders had no bound (one session's adds grew a cluster's Redis, beside the security
     * state, by about 90 KB a minute, and a full Redis refuses every signed call).
     */
    @Test
    void anOwnerHoldsAtMostSoManyCartLinesAndOrders() {
        DemoRepository demo = repository(false);
        for (int i = 0; i < DemoRepository.MAX_CART_LINES; i++) demo.addToCart("gina", "item " + i, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> repository(true).addToCart("gina", "one more", 1))
                .isInstanceOf(dev.palisade.engine.ConflictException.class).hasMessageContaining(DemoRepository.MAX_CART_LINES + " lines");
        assertThat(demo.addToCart("gina", "item 0", 4)).as("a line it holds still grows").hasSize(DemoRepository.MAX_CART_LINES)
                .contains(new CartItem("item 0", 5));

        for (int i = 0; i < DemoRepository.MAX_ORDERS; i++) {
            demo.addToCart("hal", "pen", 1);
            assertThat(demo.placeOrder("hal", i)).isPresent();
        }
        demo.addToCart("hal", "pen", 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> repository(true).placeOrder("hal", 9_999))
                .isInstanceOf(dev.palisade.engine.ConflictException.class).hasMessageContaining(DemoRepository.MAX_ORDERS + " orders");
        assertThat(demo.cart("hal")).as("the cart kept, not ordered").containsExactly(new CartItem("pen", 1));

    }

    @Test
    void aDeletedUsersRowsGoWithThemAndNoOneElsesDo() {
        DemoRepository demo = repository(false);
        demo.addNote("erin", "mine", "", 1);
        demo.addToCart("erin", "pen", 1);
        demo.placeOrder("erin", 2);
        demo.addToCart("erin", "ink", 1);
        Note kept = demo.addNote("frank", "his", "", 3);
        repository(true).forget("erin");
        assertThat(demo.notes("erin")).isEmpty();
        assertThat(demo.cart("erin")).isEmpty();
        assertThat(demo.orders("erin")).isEmpty();
        assertThat(demo.notes("frank")).containsExactly(kept);
        demo.forget("nobody");
    }
}
