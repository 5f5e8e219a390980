package io.bulwark.dos.nft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The validated settings of the nftables enforcer. A bad value fails with an {@link
 * IllegalArgumentException} that names the configuration key.
 *
 * @param enabled whether bans go to the kernel at all
 * @param commandPrefix words before the nft binary ({@code ip netns exec <ns>}), often none
 * @param nftPath the nft binary
 * @param hook {@code prerouting} or {@code input}; also the chain's name
 * @param priority the chain's priority ({@code -300}, raw, by default)
 * @param ports the destination port ranges the drop rules cover, sorted and merged
 * @param coalesce how long changes are gathered into one batch
 * @param reconcileInterval how often the kernel is compared with the store
 * @param retry how soon a failed sync is tried again
 * @param commandTimeout how long one nft run may take
 */
record NftSettings(boolean enabled, List<String> commandPrefix, String nftPath, String hook, int priority,
        List<int[]> ports, Duration coalesce, Duration reconcileInterval, Duration retry, Duration commandTimeout) {

    /** Validates every field. */
    NftSettings {
        commandPrefix = List.copyOf(commandPrefix);
        if (nftPath == null || nftPath.isBlank()) {
            throw new IllegalArgumentException("nft.path must not be empty");
        }
        if (!"prerouting".equals(hook) && !"input".equals(hook)) {
            throw new IllegalArgumentException("hook must be 'prerouting' or 'input', got '" + hook + "'");
        }
        if (priority < -1000 || priority > 1000) {
            throw new IllegalArgumentException("priority must be -1000 to 1000, got " + priority);
        }
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("sip.ports and media.ports name no port");
        }
        ports = List.copyOf(ports);
        within("coalesce.ms", coalesce.toMillis(), 0, 1000);
        within("reconcile.interval.seconds", reconcileInterval.toSeconds(), 1, 86_400);
        within("retry.seconds", retry.toSeconds(), 1, 3600);
        within("command.timeout.seconds", commandTimeout.toSeconds(), 1, 600);
    }

    /**
     * @param c the component configuration
     * @return the settings
     * @throws IllegalArgumentException naming the key of a bad value
     */
    static NftSettings from(NftablesEnforcer.Config c) {
        List<int[]> ports = new ArrayList<>(parsePorts("sip.ports", c.sip_ports()));
        ports.addAll(parsePorts("media.ports", c.media_ports()));
        String prefix = c.command_prefix() == null ? "" : c.command_prefix().trim();
        return new NftSettings(c.enabled(), prefix.isEmpty() ? List.of() : Arrays.asList(prefix.split("\\s+")),
                c.nft_path(), c.hook(), c.priority(), merge(ports), Duration.ofMillis(c.coalesce_ms()),
                Duration.ofSeconds(c.reconcile_interval_seconds()), Duration.ofSeconds(c.retry_seconds()),
                Duration.ofSeconds(c.command_timeout_seconds()));
    }

    /**
     * @param key the configuration key, for messages
     * @param text ports and ranges, comma separated: {@code 5060,5061,10000-20000}
     * @return the ranges, each {@code [low, high]}
     * @throws IllegalArgumentException naming the key and the bad item
     */
    static List<int[]> parsePorts(String key, String text) {
        List<int[]> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String item : text.split(",")) {
            String t = item.trim();
            int dash = t.indexOf('-');
            try {
                int lo = Integer.parseInt(dash < 0 ? t : t.substring(0, dash).trim());
                int hi = dash < 0 ? lo : Integer.parseInt(t.substring(dash + 1).trim());
                if (lo < 1 || hi > 65_535 || lo > hi) {
                    throw new IllegalArgumentException(key + ": ports must be 1 to 65535, low to high: '" + t + "'");
                }
                out.add(new int[] {lo, hi});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": not a port or range: '" + t + "'", e);
            }
        }
        return out;
    }

    /**
     * @param ranges port ranges in any order, maybe overlapping
     * @return them sorted, with overlapping and adjacent ranges merged (as nft lists them)
     */
    static List<int[]> merge(List<int[]> ranges) {
        List<int[]> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> out = new ArrayList<>();
        for (int[] r : sorted) {
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                out.add(new int[] {r[0], r[1]});
            }
        }
        return out;
    }

    private static void within(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be " + min + " to " + max + ", got " + value);
        }
    }
}
