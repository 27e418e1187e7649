package dev.palisade.engine.admin;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;

import java.util.Objects;

/**
 * Who makes an admin change: the owner, a named operator, or Palisade itself acting on the owner's
 * rules (an auto-block, a throttled guesser). Its {@code name} is the {@code actor} of admin events.
 */
public record Actor(String name, Role role) {

    /** The holder of {@code admin.token}, and whoever runs the server with its data directory (the command line). */
    public static final Actor OWNER = new Actor("owner", Role.OWNER);
    /** Palisade's own admin events: rules the owner set, applied by the server. Never authenticates. */
    public static final Actor PALISADE = new Actor("palisade", Role.OWNER);

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
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
