/*
 * srtp_bench: libsrtp2's packets per second on one core, per suite, in the loop SrtpBenchmark runs on
 * Bulwark: copy a 172-octet RTP packet (12-octet header, 160-octet payload) into a buffer, set the
 * next sequence number, srtp_protect it on a sender session, srtp_unprotect it on a receiver session
 * of the same master key. One packet counts once for both.
 *
 * Usage: srtp_bench [warmup_iterations measurement_iterations iteration_seconds [SUITE...]]
 * (defaults 3 5 2, all six suites: the JMH settings run-srtp-bench.sh uses). Prints, per suite,
 * "SUITE mean_pps min_pps max_pps" over the measurement iterations.
 *
 * Build: gcc -O2 srtp_bench.c $(pkg-config --cflags --libs libsrtp2)
 */
#define _POSIX_C_SOURCE 199309L
#include <srtp2/srtp.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HEADER 12
#define PAYLOAD 160

static const char *const SUITES[] = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32",
                                     "AES_256_CM_HMAC_SHA1_80", "AES_256_CM_HMAC_SHA1_32",
                                     "AEAD_AES_128_GCM",        "AEAD_AES_256_GCM"};

static int set_suite(const char *suite, srtp_policy_t *p)
{
    if (strcmp(suite, "AES_CM_128_HMAC_SHA1_80") == 0) {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
    } else if (strcmp(suite, "AES_CM_128_HMAC_SHA1_32") == 0) {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
    } else if (strcmp(suite, "AES_256_CM_HMAC_SHA1_80") == 0) {
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtp);
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtcp);
    } else if (strcmp(suite, "AES_256_CM_HMAC_SHA1_32") == 0) {
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&p->rtp);
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtcp);
    } else if (strcmp(suite, "AEAD_AES_128_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtcp);
    } else if (strcmp(suite, "AEAD_AES_256_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtp);
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtcp);
    } else {
        return -1;
    }
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static srtp_t sender, receiver;
static uint32_t words[(HEADER + PAYLOAD + SRTP_MAX_TRAILER_LEN + 16) / 4];
static uint8_t template[HEADER + PAYLOAD];
static uint16_t seq = 1;

/* Packets through protect and unprotect in `seconds`, checked every 1024 packets for the time. */
static double iteration(double seconds)
{
    uint8_t *buf = (uint8_t *)words;
    long packets = 0;
    double start = now(), end = start + seconds, t;
    do {
        for (int k = 0; k < 1024; k++) {
            int len = HEADER + PAYLOAD;
            memcpy(buf, template, HEADER + PAYLOAD);
            uint16_t s = seq++;
            buf[2] = (uint8_t)(s >> 8);
            buf[3] = (uint8_t)s;
            srtp_err_status_t status = srtp_protect(sender, buf, &len);
            if (status != srtp_err_status_ok) {
                fprintf(stderr, "srtp_protect: %d\n", status);
                exit(1);
            }
            status = srtp_unprotect(receiver, buf, &len);
            if (status != srtp_err_status_ok || len != HEADER + PAYLOAD) {
                fprintf(stderr, "srtp_unprotect: %d\n", status);
                exit(1);
            }
        }
        packets += 1024;
        t = now();
    } while (t < end);
    return packets / (t - start);
}

static int bench(const char *suite, int warmups, int iterations, double seconds)
{
    uint8_t key[SRTP_MAX_KEY_LEN];
    srtp_policy_t policy;
    srtp_err_status_t status;

    srand(3711);
    for (size_t i = 0; i < sizeof key; i++) key[i] = (uint8_t)rand();
    for (size_t i = 0; i < sizeof template; i++) template[i] = (uint8_t)rand();
    template[0] = 0x80; /* V=2, no padding, extension or CSRCs */
    template[1] = 0;    /* PCMU */
    template[8] = 0x0b;
    template[9] = 0x0b;
    template[10] = 0x1c;
    template[11] = 0x0d;
    seq = 1;

    memset(&policy, 0, sizeof policy);
    if (set_suite(suite, &policy) != 0) {
        fprintf(stderr, "unknown suite %s\n", suite);
        return -1;
    }
    policy.key = key;
    policy.window_size = 128;
    policy.ssrc.type = ssrc_any_outbound;
    if ((status = srtp_create(&sender, &policy)) != srtp_err_status_ok) {
        printf("%s unsupported %d\n", suite, status);
        return 0;
    }
    policy.ssrc.type = ssrc_any_inbound;
    if ((status = srtp_create(&receiver, &policy)) != srtp_err_status_ok) {
        printf("%s unsupported %d\n", suite, status);
        srtp_dealloc(sender);
        return 0;
    }
    for (int i = 0; i < warmups; i++) {
        double pps = iteration(seconds);
        fprintf(stderr, "# %s warmup %d: %.0f packets/s\n", suite, i + 1, pps);
    }
    double sum = 0, min = 1e300, max = 0;
    for (int i = 0; i < iterations; i++) {
        double pps = iteration(seconds);
        fprintf(stderr, "# %s iteration %d: %.0f packets/s\n", suite, i + 1, pps);
        sum += pps;
        if (pps < min) min = pps;
        if (pps > max) max = pps;
    }
    printf("%s %.0f %.0f %.0f\n", suite, sum / iterations, min, max);
    fflush(stdout);
    srtp_dealloc(sender);
    srtp_dealloc(receiver);
    return 0;
}

int main(int argc, char **argv)
{
    int warmups = argc > 1 ? atoi(argv[1]) : 3;
    int iterations = argc > 2 ? atoi(argv[2]) : 5;
    double seconds = argc > 3 ? atof(argv[3]) : 2.0;
    if (warmups < 0 || iterations < 1 || seconds <= 0) {
        fprintf(stderr, "usage: %s [warmup_iterations measurement_iterations iteration_seconds [SUITE...]]\n",
                argv[0]);
        return 2;
    }
    if (srtp_init() != srtp_err_status_ok) {
        fprintf(stderr, "srtp_init failed\n");
        return 1;
    }
    fprintf(stderr, "# %s\n", srtp_get_version_string());
    if (argc > 4) {
        for (int i = 4; i < argc; i++) {
            if (bench(argv[i], warmups, iterations, seconds) != 0) return 2;
        }
    } else {
        for (size_t i = 0; i < sizeof SUITES / sizeof SUITES[0]; i++) {
            if (bench(SUITES[i], warmups, iterations, seconds) != 0) return 2;
        }
    }
    srtp_shutdown();
    return 0;
}
