package dev.palisade.demo;

import java.util.List;

public record Order(long id, List<CartItem> items, long createdAt) {}
