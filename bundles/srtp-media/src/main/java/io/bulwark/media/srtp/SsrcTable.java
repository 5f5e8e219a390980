package io.bulwark.media.srtp;

/**
 * The streams of a session by SSRC: open addressing on an {@code int} key, so a lookup boxes
 * nothing, with at most {@code capacity} entries (a bound on what a stranger spraying SSRCs can
 * make the session hold; streams are only added once a packet of theirs authenticated or is sent).
 */
final class SsrcTable {

    private final int[] keys;
    private final SrtpStream[] values;
    private final int mask;
    private final int capacity;
    private int size;

    /** @param capacity the most streams the table holds, 1 or more */
    SsrcTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        int slots = Integer.highestOneBit(capacity * 2 - 1) << 1;
        this.keys = new int[slots];
        this.values = new SrtpStream[slots];
        this.mask = slots - 1;
        this.capacity = capacity;
    }

    /** The stream of {@code ssrc}, or null. */
    SrtpStream get(int ssrc) {
        for (int slot = slot(ssrc); ; slot = (slot + 1) & mask) {
            SrtpStream stream = values[slot];
            if (stream == null || keys[slot] == ssrc) {
                return stream;
            }
        }
    }

    /** Whether no stream can be added. */
    boolean full() {
        return size >= capacity;
    }

    /** How many streams the table holds. */
    int size() {
        return size;
    }

    /** Adds {@code stream}, whose SSRC is not in the table yet, and returns it. */
    SrtpStream add(SrtpStream stream) {
        if (full()) {
            throw new IllegalStateException("SSRC table full");
        }
        int slot = slot(stream.ssrc);
        while (values[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = stream.ssrc;
        values[slot] = stream;
        size++;
        return stream;
    }

    private int slot(int ssrc) {
        return (ssrc * 0x9E3779B9 >>> 16) & mask;
    }
}
