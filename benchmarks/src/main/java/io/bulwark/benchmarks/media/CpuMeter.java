package io.bulwark.benchmarks.media;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Readings taken at both ends of the measurement window: CPU time and allocated bytes of chosen
 * threads (the JVM's per-thread counters: user + system time of exactly those threads), this
 * JVM's garbage collections, and the whole machine's busy time from {@code /proc/stat}.
 */
final class CpuMeter {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    static final int CORES = Runtime.getRuntime().availableProcessors();

    /**
     * @param cpuNanos CPU time of the threads
     * @param allocatedBytes bytes they allocated on the heap
     * @param gcCount collections, every collector
     * @param gcMillis time in collections (pauses and concurrent work as the beans count it)
     * @param processCpuNanos CPU time of this whole JVM (generator, relay, JIT, GC)
     * @param machineBusy jiffies of all cores not idle and not waiting for I/O
     * @param machineTotal jiffies of all cores
     */
    record Reading(long cpuNanos, long allocatedBytes, long gcCount, long gcMillis, long processCpuNanos,
            long machineBusy, long machineTotal) {

        Reading minus(Reading earlier) {
            return new Reading(cpuNanos - earlier.cpuNanos, allocatedBytes - earlier.allocatedBytes,
                    gcCount - earlier.gcCount, gcMillis - earlier.gcMillis,
                    processCpuNanos - earlier.processCpuNanos, machineBusy - earlier.machineBusy,
                    machineTotal - earlier.machineTotal);
        }

        /** @return cores the whole machine kept busy over the span, on average (every process, the kernel) */
        double machineBusyCores() {
            return machineTotal == 0 ? 0 : CORES * (double) machineBusy / machineTotal;
        }
    }

    private CpuMeter() {
    }

    static {
        if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM has no per-thread CPU time or allocation counters");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    /** @return the live threads whose names start with {@code prefix} */
    static long[] threadsNamed(String prefix) {
        long[] all = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(all);
        return Arrays.stream(infos).filter(i -> i != null && i.getThreadName().startsWith(prefix))
                .mapToLong(ThreadInfo::getThreadId).toArray();
    }

    static long[] ids(List<Thread> threads) {
        return threads.stream().mapToLong(Thread::getId).toArray();
    }

    static Reading read(long[] threadIds) {
        long cpu = 0;
        for (long t : THREADS.getThreadCpuTime(threadIds)) {
            cpu += Math.max(0, t); // -1: the thread ended
        }
        long allocated = 0;
        for (long a : THREADS.getThreadAllocatedBytes(threadIds)) {
            allocated += Math.max(0, a);
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        long[] machine = machineJiffies();
        return new Reading(cpu, allocated, gcCount, gcMillis, OS.getProcessCpuTime(), machine[0], machine[1]);
    }

    /** @return busy and total jiffies of all cores (the first line of /proc/stat), or zeros where there is none */
    private static long[] machineJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
