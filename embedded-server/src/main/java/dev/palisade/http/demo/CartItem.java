package dev.palisade.http.demo;

public record CartItem(String item, int quantity) {}
