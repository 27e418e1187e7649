package dev.palisade.engine.admin;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;

import java.util.Objects;

/**
 * Who makes an admin change: the owner, a named operator, or Palisade itself acting on the owner's
 * rules (an auto-block, a throttled guesser). Its {@code name} is the {@code actor} of admin events, and
 * its {@code address} (the admin caller's, {@code ""} for the command line and Palisade) their {@code ip}:
 * a leaked token's use shows from where.
 */
public record Actor(String name, Role role, String address) {

    /** The holder of {@code admin.token}, and whoever runs the server with its data directory (the command line). */
    public static final Actor OWNER = new Actor("owner", Role.OWNER);
    /** Palisade's own admin events: rules the owner set, applied by the server. Never authenticates. */
    public static final Actor PALISADE = new Actor("palisade", Role.OWNER);

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(address, "address");
    }

    public Actor(String name, Role role) {
        this(name, role, "");
    }

    /** This actor calling from {@code address}. */
    public Actor from(String address) {
        return new Actor(name, role, address == null ? "" : address);
    }

    public static Actor operator(String name, Role role) {
        if (role == Role.OWNER) throw new IllegalArgumentException("an operator token never carries the owner's role");
        return new Actor(name, role);
    }

    public boolean isOwner() { return role == Role.OWNER; }

    /** @throws Denial {@code forbidden_role} if this actor may only read */
    public void mustChange() {
        if (!role.mayChange()) throw new Denial(Reason.FORBIDDEN_ROLE, "a " + role.label() + " may only read");
    }

    /** @throws Denial {@code forbidden_role} unless this actor is the owner */
    public void mustOwn(String what) {
        if (!isOwner()) throw new Denial(Reason.FORBIDDEN_ROLE, "only the owner (admin.token) may " + what);
    }
}
