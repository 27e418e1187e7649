package dev.palisade.http.admin;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A page found by keeping the first matches against sorting every match and skipping to it. */
class PageTest {

    private record Item(long createdAt, String id, boolean odd) {}

    private static final Comparator<Item> NEWEST = Comparator.comparingLong(Item::createdAt).reversed().thenComparing(Item::id);

    @Test
    void everyPageIsTheOneSortingEverythingGives() {
        Random random = new Random(42);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // few distinct times, so many ties decided by the id
            items.add(new Item(random.nextInt(50), Integer.toString(random.nextInt(1_000_000), 36), random.nextBoolean()));
        }
        Predicate<Item> odd = Item::odd;
        List<Item> sorted = items.stream().filter(odd).sorted(NEWEST).toList();
        for (int offset : new int[] {0, 1, 49, 50, 500, sorted.size() - 3, sorted.size(), sorted.size() + 10, Integer.MAX_VALUE}) {
            for (int limit : new int[] {1, 50, 1_000}) {
                Page<Item> page = Page.of(items, odd, NEWEST, offset, limit);
                assertThat(page.total()).isEqualTo(sorted.size());
                assertThat(page.items()).as("offset %d, limit %d", offset, limit)
                        .isEqualTo(sorted.stream().skip(offset).limit(limit).toList());
            }
        }
    }

    @Test
    void nothingMatchingIsAnEmptyPage() {
        Page<Item> page = Page.of(List.of(new Item(1, "a", false)), Item::odd, NEWEST, 0, 50);
        assertThat(page.total()).isZero();
        assertThat(page.items()).isEmpty();
        assertThat(Page.of(List.of(new Item(1, "a", true), new Item(2, "b", true)), Item::odd, NEWEST, 0, 0))
                .as("a page of none still counts the matches").isEqualTo(new Page<>(2, List.of()));
    }
}
