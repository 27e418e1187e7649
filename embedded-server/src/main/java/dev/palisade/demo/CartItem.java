package dev.palisade.demo;

public record CartItem(String item, int quantity) {}
