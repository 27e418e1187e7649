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
 * An IPv6 caller is counted by its /64 ({@link dev.palisade.engine.AddressKey}): the /64 that holds a trusted
 * proxy is not counted either, since blocking it blocks the proxy.
 */
public final class RefusalMarks {

    private final AutoBlock autoBlock;
    private final CallerRecord callers;
    private final Supplier<FingerprintPolicy> policy;
    private final AddressSet.Factory addresses;
    /** The trusted proxies' set, built again only when the policy's list changes. */
    private volatile Proxies proxies = new Proxies(List.of(), null, java.util.Set.of());

    /**
     * @param networks the /64 networks that hold a trusted IPv6 proxy (an address, or a range narrower than a
     *                 /64): an IPv6 caller is counted and blocked by its /64, which would block the proxy too
     */
    private record Proxies(List<String> listed, AddressSet set, java.util.Set<String> networks) {
        boolean contain(String address) {
            if (set == null) return false;
            return set.contains(address) || !networks.isEmpty() && address.indexOf(':') >= 0
                    && networks.contains(dev.palisade.engine.AddressKey.of(address));
        }

        static Proxies of(List<String> listed, AddressSet.Factory addresses) {
            if (listed.isEmpty()) return new Proxies(listed, null, java.util.Set.of());
            java.util.Set<String> networks = new java.util.HashSet<>();
            for (String entry : listed) {
                int slash = entry.indexOf('/');
                String base = slash < 0 ? entry : entry.substring(0, slash);
                if (base.indexOf(':') >= 0 && (slash < 0 || bits(entry.substring(slash + 1)) > dev.palisade.engine.AddressKey.IPV6_PREFIX)) {
                    networks.add(dev.palisade.engine.AddressKey.of(base));
                }
            }
            return new Proxies(listed, addresses.of(listed), java.util.Set.copyOf(networks));
        }

        /** A range's prefix length; 0 (a wide range) for one that is not a number (validated when configured). */
        private static int bits(String prefix) {
            try {
                return Integer.parseInt(prefix);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
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

    /** A bootstrap flagged as automated and let through: its address pays more for its next page, unless it is a trusted proxy's. */
    public void flagged(String address, long now) {
        if (!trustedProxy(address)) callers.flagged(address, now);
    }

    private boolean trustedProxy(String address) {
        List<String> listed = policy.get().trustedProxies();
        Proxies known = proxies;
        if (!listed.equals(known.listed())) {
            known = Proxies.of(listed, addresses);
            proxies = known;
        }
        return known.contain(address);
    }
}
