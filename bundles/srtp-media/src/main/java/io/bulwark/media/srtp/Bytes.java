package io.bulwark.media.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian reads and writes, XOR and constant-time comparison on byte arrays, without allocating. */
final class Bytes {

    /** A big-endian {@code int} at any offset of a {@code byte[]}. */
    static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** A big-endian {@code long} at any offset of a {@code byte[]}. */
    static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** A big-endian {@code short} at any offset of a {@code byte[]}. */
    static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    /** The unsigned 16-bit big-endian value at {@code off}. */
    static int u16(byte[] buf, int off) {
        return (short) SHORT_BE.get(buf, off) & 0xffff;
    }

    /** The 32-bit big-endian value at {@code off}. */
    static int i32(byte[] buf, int off) {
        return (int) INT_BE.get(buf, off);
    }

    /** Writes {@code value} big-endian at {@code off}. */
    static void putI32(byte[] buf, int off, int value) {
        INT_BE.set(buf, off, value);
    }

    /** {@code dst[dstOff + i] ^= src[srcOff + i]} for {@code i < len}, eight octets at a time. */
    static void xor(byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            long d = (long) LONG_BE.get(dst, dstOff + i);
            LONG_BE.set(dst, dstOff + i, d ^ (long) LONG_BE.get(src, srcOff + i));
        }
        for (; i < len; i++) {
            dst[dstOff + i] ^= src[srcOff + i];
        }
    }

    /** Whether the two ranges are equal, in time that depends on {@code len} only (for tags). */
    static boolean equalsConstantTime(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }
}
