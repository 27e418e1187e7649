package dev.palisade.engine.store;

import dev.palisade.engine.admin.OperatorToken;

import java.util.List;
import java.util.Map;

public interface OperatorTokenStore {
    /** Oldest first, revoked ones included. */
    List<OperatorToken> listOperatorTokens();

    /**
     * Adds the token unless a live one has its name, ASCII case aside: checked and added in one step, so
     * two nodes of a cluster issuing tokens of one name at once cannot both succeed (events name an
     * operator by name).
     *
     * @return false, adding nothing, when a live token has the name
     */
    boolean insertOperatorToken(OperatorToken token);

    /** @return false if there was no such live token */
    boolean revokeOperatorToken(String id, long at);

    /** Records last use times in one batch (id → last used at); never moves one back. */
    void touchOperatorTokens(Map<String, Long> lastUsed);

    /**
     * The token as stored (on a cluster, as another node may have stored or revoked it a moment ago); null if none.
     * A store that answered null for a token it holds made every credential look revoked to whoever asked.
     */
    OperatorToken findOperatorToken(String id);
}
