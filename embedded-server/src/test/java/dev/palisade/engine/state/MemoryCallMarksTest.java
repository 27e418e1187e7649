package dev.palisade.engine.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A single node's marks: the later call of a kind wins, and a day later it is forgotten. */
class MemoryCallMarksTest {

    @Test
    void theLatestCallOfEachKindIsKeptPerSessionForADay() {
        MemoryCallMarks marks = new MemoryCallMarks();
        marks.mark("s1", "GET", "/api/cart", 2_000);
        marks.mark("s1", "GET", "/api/cart", 1_000); // a call that finished later than a newer one
        marks.mark("s1", "HEAD", "/api/cart", 3_000);
        marks.mark("s2", "GET", "/api/cart/*", 5_000);

        assertThat(marks.last("s1", "GET", "/api/cart")).isEqualTo(2_000);
        assertThat(marks.last("s1", "HEAD", "/api/cart")).isEqualTo(3_000);
        assertThat(marks.last("s2", "GET", "/api/cart")).as("another pattern").isEqualTo(-1);
        assertThat(marks.last("s3", "GET", "/api/cart")).isEqualTo(-1);

        marks.sweep(2_000 + MemoryCallMarks.KEEP_MILLIS);
        assertThat(marks.last("s1", "GET", "/api/cart")).as("a day old: still within a rule's reach").isEqualTo(2_000);
        marks.sweep(3_001 + MemoryCallMarks.KEEP_MILLIS);
        assertThat(marks.last("s1", "GET", "/api/cart")).isEqualTo(-1);
        assertThat(marks.last("s1", "HEAD", "/api/cart")).isEqualTo(-1);
        assertThat(marks.size()).isEqualTo(1);

        marks.forget(java.util.List.of("s2"));
        assertThat(marks.last("s2", "GET", "/api/cart/*")).as("its session ended").isEqualTo(-1);
        assertThat(marks.size()).isZero();
    }

    @Test
    void marksMadeSinceTheLastWriteAreGivenOnceAndAgainWhenTheWriteFailed() {
        MemoryCallMarks marks = new MemoryCallMarks();
        marks.restore(java.util.List.of(new CallMark("s0", "GET", "/api/cart", 500)));
        assertThat(marks.last("s0", "GET", "/api/cart")).as("taken back after a restart").isEqualTo(500);
        marks.mark("s1", "GET", "/api/cart", 1_000);
        marks.mark("s1", "POST", "/api/notes", 1_500);
        java.util.List<CallMark> changed = marks.takeChanged();
        assertThat(changed).as("what was restored is written already").containsExactlyInAnyOrder(
                new CallMark("s1", "GET", "/api/cart", 1_000), new CallMark("s1", "POST", "/api/notes", 1_500));
        assertThat(marks.takeChanged()).isEmpty();
        marks.changedAgain(changed);
        assertThat(marks.takeChanged()).as("the write failed: given again").hasSize(2);
        marks.mark("s2", "GET", "/api/cart", 2_000);
        marks.forget(java.util.List.of("s2"));
        assertThat(marks.takeChanged()).as("its session ended before the write").isEmpty();
    }
}
