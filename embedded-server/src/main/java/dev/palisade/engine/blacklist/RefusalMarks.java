package dev.palisade.engine.blacklist;

import dev.palisade.engine.Reason;
import dev.palisade.engine.bootstrap.CallerRecord;
import dev.palisade.engine.fingerprint.FingerprintPolicy;

import java.util.List;
import java.util.function.Supplier;

/**
 * Counts a refusal against its caller's address: towards the address's auto-block and its pages' price.
 * Not a refusal that tells of the server's state ({@link AutoBlock#againstCaller}), and not one whose
 * address is a trusted proxy's: a call comes from the proxy itself when it names no client Palisade may
 * believe (none, or only other trusted proxies), and blocking the proxy would refuse every caller behind it.
 */
public final class RefusalMarks {

    private final AutoBlock autoBlock;
    private final CallerRecord callers;
    private final Supplier<FingerprintPolicy> policy;
    private final AddressSet.Factory addresses;
    /** The trusted proxies' set, built again only when the policy's list changes. */
    private volatile Proxies proxies = new Proxies(List.of(), null);

    private record Proxies(List<String> listed, AddressSet set) {
        boolean contain(String address) { return set != null && set.contains(address); }
    }

    public RefusalMarks(AutoBlock autoBlock, CallerRecord callers, Supplier<FingerprintPolicy> policy,
                        AddressSet.Factory addresses) {
        this.autoBlock = autoBlock;
        this.callers = callers;
        this.policy = policy;
        this.addresses = addresses;
    }

    /** A refusal of the caller at {@code address}, by {@code reason} from {@code check} ("" when no check's). */
    public void refused(String address, Reason reason, String check, long now) {
        if (!AutoBlock.againstCaller(reason, check) || trustedProxy(address)) return;
        autoBlock.denied(address, reason, now);
        callers.denied(address, now);
    }

    private boolean trustedProxy(String address) {
        List<String> listed = policy.get().trustedProxies();
        Proxies known = proxies;
        if (!listed.equals(known.listed())) {
            known = new Proxies(listed, listed.isEmpty() ? null : addresses.of(listed));
            proxies = known;
        }
        return known.contain(address);
    }
}
