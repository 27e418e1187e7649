package dev.palisade.engine.auth;

import dev.palisade.engine.state.LoginFailures;
import dev.palisade.engine.state.LoginFailuresContract;

class MemoryLoginFailuresTest extends LoginFailuresContract {

    @Override
    protected LoginFailures store() { return new MemoryLoginFailures(); }
}
