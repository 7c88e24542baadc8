package dev.calibrate.kernel.message;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs without the JDK's one lock. {@link UUID#randomUUID()} draws from a single
 * {@code NativePRNG} whose reads of {@code /dev/urandom} are serialized by one monitor for the whole JVM:
 * with every request and every Axon message making an id, threads queued on it (a profile of product
 * reads during an apply showed request threads blocked there for more time than the run lasted, summed
 * over threads). Here each thread has its own {@code DRBG}, seeded once from the operating system, so
 * ids are as unpredictable as before and no thread waits for another to make one.
 *
 * <p>Each new thread seeds its generator once from the JDK's seed source ({@code securerandom.source},
 * {@code /dev/random} on Linux), which on kernels before 5.6 can block until the pool has entropy; the
 * server's threads are pooled, so that is paid once per thread. Under virtual threads (off:
 * {@code spring.threads.virtual.enabled}) every request would be a new thread and seed a generator of its
 * own: use a fixed set of generators then.
 */
public final class RandomIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RandomIds::newGenerator);

    private RandomIds() {
    }

    public static UUID uuid() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (bytes[i] & 0xff);
            least = (least << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("DRBG is part of every Java 17 runtime", e);
        }
    }
}
