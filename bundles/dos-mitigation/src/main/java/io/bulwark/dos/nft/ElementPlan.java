package io.bulwark.dos.nft;

import io.bulwark.api.decision.AddressBlock;
import io.bulwark.api.decision.Ban;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Works out which elements the kernel sets should hold, and what to add and delete to get there.
 *
 * <p>An interval set refuses overlapping elements, so a ban covered by a broader ban (an address
 * inside a banned {@code /24}) is left out; if the broader ban ends first, the next sync adds the
 * narrower one with its remaining time.
 */
final class ElementPlan {

    /** Expiries this close are the same: nft lists remaining time in whole seconds. */
    static final long TOLERANCE_SECONDS = 3;

    /**
     * Adds and deletes that take the kernel from one state to another.
     *
     * @param adds elements to add, with their timeouts in seconds, by set
     * @param deletes element values (as nft writes them) to delete, by set
     */
    record Changes(Map<String, Map<AddressBlock, Long>> adds, Map<String, List<Object>> deletes) {

        /** @return true when nothing needs doing */
        boolean isEmpty() {
            return adds.isEmpty() && deletes.isEmpty();
        }

        /** @return how many elements are added and deleted */
        int size() {
            int n = 0;
            for (Map<AddressBlock, Long> a : adds.values()) {
                n += a.size();
            }
            for (List<Object> d : deletes.values()) {
                n += d.size();
            }
            return n;
        }
    }

    private ElementPlan() {
    }

    /**
     * @param bans the bans in force
     * @param now the current time
     * @return the elements the kernel should hold: block to expiry, in epoch seconds rounded up
     */
    static Map<AddressBlock, Long> desired(List<Ban> bans, Instant now) {
        List<Ban> broadestFirst = new ArrayList<>(bans);
        broadestFirst.sort(Comparator.comparingInt(b -> b.scope().prefixLength()));
        Map<AddressBlock, Long> chosen = new HashMap<>();
        TreeSet<Integer> v4Lengths = new TreeSet<>();
        TreeSet<Integer> v6Lengths = new TreeSet<>();
        long nowMs = now.toEpochMilli();
        for (Ban b : broadestFirst) {
            long expiresMs = b.expiresAt().toEpochMilli();
            AddressBlock scope = b.scope();
            TreeSet<Integer> lengths = scope.isIpv4() ? v4Lengths : v6Lengths;
            if (expiresMs - nowMs < 1000 || isCovered(scope, chosen, lengths)) {
                continue;
            }
            chosen.put(scope, Math.floorDiv(expiresMs + 999, 1000));
            lengths.add(scope.prefixLength());
        }
        return chosen;
    }

    /**
     * @param desired what the kernel should hold: block to expiry in epoch seconds
     * @param current what it holds: block to expiry in epoch seconds ({@link Long#MAX_VALUE}
     *     for none); entries already expired are ignored, the kernel has dropped them
     * @param strays elements to delete whatever they are
     * @param nowSeconds the current time in epoch seconds
     * @return the changes; a changed expiry is a delete plus an add
     */
    static Changes diff(Map<AddressBlock, Long> desired, Map<AddressBlock, Long> current,
            List<KernelView.Stray> strays, long nowSeconds) {
        Map<String, Map<AddressBlock, Long>> adds = new LinkedHashMap<>();
        Map<String, List<Object>> deletes = new LinkedHashMap<>();
        for (KernelView.Stray s : strays) {
            deletes.computeIfAbsent(s.set(), k -> new ArrayList<>()).add(s.value());
        }
        for (Map.Entry<AddressBlock, Long> c : current.entrySet()) {
            if (c.getValue() > nowSeconds && !desired.containsKey(c.getKey())) {
                delete(deletes, c.getKey());
            }
        }
        for (Map.Entry<AddressBlock, Long> d : desired.entrySet()) {
            Long held = current.get(d.getKey());
            boolean present = held != null && held > nowSeconds;
            if (present && Math.abs(held - d.getValue()) <= TOLERANCE_SECONDS) {
                continue;
            }
            if (present) {
                delete(deletes, d.getKey());
            }
            adds.computeIfAbsent(NftRuleset.setOf(d.getKey()), k -> new LinkedHashMap<>())
                    .put(d.getKey(), Math.max(1, d.getValue() - nowSeconds));
        }
        return new Changes(adds, deletes);
    }

    /**
     * @param changes adds and deletes
     * @param ruleset the ruleset, for the commands
     * @return the commands, deletes first so that a replaced element is re-added
     */
    static List<Object> commands(Changes changes, NftRuleset ruleset) {
        List<Object> out = new ArrayList<>();
        changes.deletes().forEach((set, values) -> out.add(ruleset.deleteElements(set, values)));
        changes.adds().forEach((set, elements) -> out.add(ruleset.addElements(set, elements)));
        return out;
    }

    private static void delete(Map<String, List<Object>> deletes, AddressBlock block) {
        deletes.computeIfAbsent(NftRuleset.setOf(block), k -> new ArrayList<>()).add(NftRuleset.value(block));
    }

    private static boolean isCovered(AddressBlock scope, Map<AddressBlock, Long> chosen, TreeSet<Integer> lengths) {
        for (int length : lengths.headSet(scope.prefixLength(), true)) {
            if (chosen.containsKey(new AddressBlock(scope.network(), length))) {
                return true;
            }
        }
        return false;
    }
}
