package dev.palisade.demo;

public record Note(long id, String title, String body, long createdAt, long updatedAt) {}
