package dev.palisade.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AmbiguousPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/a/./b", "/a/../b", "/a/..", "/.", "..", "/a/%2e%2E/b", "/a/.%2e/b", "/a%2Fb", "/a%5cb", "/a\\b",
            "/a/%00", "/a/%zz", "/a/%e", "/health;x", "/;x", "/a;b/c", "/a/b%20c;x",
            "/api/%63art", "/api/%43art", "/api/cart%31", "/api/shopping%2Dcart", "/api/cart%5Fitems", "/api/v1%2E2/cart",
            "/a/%61", "/a/%7A", "/a/%41", "/a/%5a", "/a/%30", "/a/%39"})
    void aPathThatReadsAsAnotherIsAmbiguous(String path) {
        assertThat(AmbiguousPath.is(path)).as(path).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/items", "/a/.well-known/x", "/a/b..c", "/a/...", "/a/b%20c", "/a/na%C3%AFve", "/a+b",
            "/a/%40b", "/a/%21", "/a/100%25", "/a/%7Euser", "/a/%7euser", "/a/%60", "/a/%7B", "/a/%5B", "/a/%3A", "/a/%2C"})
    void anyOtherPathIsNot(String path) {
        assertThat(AmbiguousPath.is(path)).as(path).isFalse();
    }
}
