package io.bulwark.media.relay;

import java.util.BitSet;

/**
 * The even ports of a zone's media port range (RTP on the even port, RTCP on the odd one after it
 * unless multiplexed, RFC 3550 section 11). Ports are handed out round-robin, so a port just
 * released is the last to be used again (late packets of the old call do not reach a new one).
 */
final class PortPool {

    private final int first;
    private final int pairs;
    private final BitSet used;
    private int next;
    private int inUse;

    /**
     * @param first the first port of the range (made even)
     * @param last the last port of the range (inclusive)
     */
    PortPool(int first, int last) {
        int f = (first + 1) & ~1;
        if (f < 1024 || last > 65535 || last < f + 1) {
            throw new IllegalArgumentException("media port range " + first + "-" + last
                    + " must lie within 1024-65535 and hold at least one even/odd pair");
        }
        this.first = f;
        this.pairs = (last - f + 1) / 2;
        this.used = new BitSet(pairs);
    }

    /** @return an even port not in use, or -1 when every pair is taken */
    synchronized int acquire() {
        if (inUse == pairs) {
            return -1;
        }
        int i = used.nextClearBit(next);
        if (i >= pairs) {
            i = used.nextClearBit(0);
        }
        used.set(i);
        inUse++;
        next = (i + 1) % pairs;
        return first + 2 * i;
    }

    /** Gives a port back; a port not in use is ignored. */
    synchronized void release(int port) {
        int i = (port - first) / 2;
        if (port >= first && (port - first) % 2 == 0 && i < pairs && used.get(i)) {
            used.clear(i);
            inUse--;
        }
    }

    /** @return pairs in use */
    synchronized int inUse() {
        return inUse;
    }

    /** @return pairs in the range */
    int capacity() {
        return pairs;
    }
}
