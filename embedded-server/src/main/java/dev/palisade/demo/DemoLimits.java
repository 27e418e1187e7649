package dev.palisade.demo;

import dev.palisade.engine.ConflictException;

/** The refusals of an owner's rows past {@link DemoRepository}'s bounds, worded alike wherever the rows are kept. */
public final class DemoLimits {

    private DemoLimits() {}

    public static ConflictException cartFull() {
        return new ConflictException("a cart holds at most " + DemoRepository.MAX_CART_LINES + " lines in the demo API;"
                + " order or add to a line it holds");
    }

    public static ConflictException tooManyOrders() {
        return new ConflictException("at most " + DemoRepository.MAX_ORDERS + " orders per user in the demo API;"
                + " the cart is kept");
    }
}
