package dev.palisade.engine.bootstrap;

/** One serving of a client page: its nonce and what it asks of the client. */
public record ServedPage(String nonce, PageChallenge challenge) {}
