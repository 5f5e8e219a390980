/*
 * srtp_peer: libsrtp2 as the far end of LibsrtpInteropTest.
 *
 * Reads commands from stdin, one per line, and answers every command with exactly one line on
 * stdout:
 *
 *   session <protect|unprotect> <SUITE> <base64 master key||salt> <MKI hex|-> <enc|auth>
 *       Starts a new libsrtp session (dropping the previous one): a sender (ssrc_any_outbound) for
 *       "protect", a receiver (ssrc_any_inbound) for "unprotect". SUITE is an SDES name
 *       (AES_CM_128_HMAC_SHA1_80, ..., AEAD_AES_256_GCM); "-" for no MKI; "enc" for encrypted
 *       SRTCP, "auth" for authenticated-only SRTCP (RFC 4568 UNENCRYPTED_SRTCP).
 *       Answers "ok", or "err <code> <name>" if libsrtp refused the policy (e.g. no AES-GCM).
 *   version      Answers "ok <libsrtp version string>".
 *   rtp <hex>    srtp_protect[_mki] or srtp_unprotect[_mki] of the packet
 *   rtcp <hex>   srtp_protect_rtcp[_mki] or srtp_unprotect_rtcp[_mki] of the packet
 *       Answer "ok <hex>" with the resulting packet, or "err <code> <name>" with libsrtp's status.
 *
 * Anything unreadable answers "bad <reason>". Build: gcc srtp_peer.c $(pkg-config --cflags --libs libsrtp2)
 */
#include <srtp2/srtp.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PACKET 4096
#define MAX_LINE (4 * MAX_PACKET)

static const char *status_name(srtp_err_status_t s)
{
    switch (s) {
    case srtp_err_status_ok: return "ok";
    case srtp_err_status_fail: return "fail";
    case srtp_err_status_bad_param: return "bad_param";
    case srtp_err_status_alloc_fail: return "alloc_fail";
    case srtp_err_status_init_fail: return "init_fail";
    case srtp_err_status_auth_fail: return "auth_fail";
    case srtp_err_status_cipher_fail: return "cipher_fail";
    case srtp_err_status_replay_fail: return "replay_fail";
    case srtp_err_status_replay_old: return "replay_old";
    case srtp_err_status_algo_fail: return "algo_fail";
    case srtp_err_status_no_ctx: return "no_ctx";
    case srtp_err_status_key_expired: return "key_expired";
    case srtp_err_status_parse_err: return "parse_err";
    case srtp_err_status_bad_mki: return "bad_mki";
    case srtp_err_status_pkt_idx_old: return "pkt_idx_old";
    case srtp_err_status_pkt_idx_adv: return "pkt_idx_adv";
    default: return "other";
    }
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes hex into out; returns the octet count or -1. */
static int from_hex(const char *hex, uint8_t *out, int room)
{
    size_t n = strlen(hex);
    if (n % 2 != 0 || (int)(n / 2) > room) return -1;
    for (size_t i = 0; i < n; i += 2) {
        int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) return -1;
        out[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    return (int)(n / 2);
}

static int b64_value(int c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Decodes padded base64 into out; returns the octet count or -1. */
static int from_base64(const char *in, uint8_t *out, int room)
{
    size_t n = strlen(in);
    int len = 0;
    if (n % 4 != 0) return -1;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        for (int k = 0; k < 4; k++) {
            v[k] = in[i + k] == '=' ? 0 : b64_value(in[i + k]);
            if (v[k] < 0) return -1;
        }
        uint32_t triple = (uint32_t)(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
        int octets = in[i + 2] == '=' ? 1 : in[i + 3] == '=' ? 2 : 3;
        if (len + octets > room) return -1;
        for (int k = 0; k < octets; k++) out[len++] = (uint8_t)(triple >> (16 - 8 * k));
    }
    return len;
}

/* Sets the RTP and RTCP crypto policies of an SDES suite; returns the master key||salt length or -1. */
static int set_suite(const char *suite, srtp_policy_t *p)
{
    if (strcmp(suite, "AES_CM_128_HMAC_SHA1_80") == 0) {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
        return SRTP_AES_ICM_128_KEY_LEN_WSALT;
    }
    if (strcmp(suite, "AES_CM_128_HMAC_SHA1_32") == 0) {
        /* RFC 4568 6.2.1: the 32-bit tag is SRTP's only; SRTCP keeps the 80-bit one */
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
        return SRTP_AES_ICM_128_KEY_LEN_WSALT;
    }
    if (strcmp(suite, "AES_256_CM_HMAC_SHA1_80") == 0) {
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtp);
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtcp);
        return SRTP_AES_ICM_256_KEY_LEN_WSALT;
    }
    if (strcmp(suite, "AES_256_CM_HMAC_SHA1_32") == 0) {
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&p->rtp);
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtcp);
        return SRTP_AES_ICM_256_KEY_LEN_WSALT;
    }
    if (strcmp(suite, "AEAD_AES_128_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtcp);
        return SRTP_AES_GCM_128_KEY_LEN_WSALT;
    }
    if (strcmp(suite, "AEAD_AES_256_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtp);
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtcp);
        return SRTP_AES_GCM_256_KEY_LEN_WSALT;
    }
    return -1;
}

static srtp_t session;
static int protect;
static unsigned int use_mki;
static uint8_t key[SRTP_MAX_KEY_LEN];
static uint8_t mki[SRTP_MAX_MKI_LEN];

static void drop_session(void)
{
    if (session != NULL) {
        srtp_dealloc(session);
        session = NULL;
    }
}

static void start_session(char *args)
{
    char *dir = strtok(args, " ");
    char *suite = strtok(NULL, " ");
    char *key_b64 = strtok(NULL, " ");
    char *mki_hex = strtok(NULL, " ");
    char *rtcp_mode = strtok(NULL, " ");
    srtp_policy_t policy;
    srtp_master_key_t master_key;
    srtp_master_key_t *master_keys[1];

    drop_session();
    if (rtcp_mode == NULL) {
        printf("bad session needs 5 arguments\n");
        return;
    }
    memset(&policy, 0, sizeof policy);
    int key_len = set_suite(suite, &policy);
    if (key_len < 0) {
        printf("bad unknown suite %s\n", suite);
        return;
    }
    if (from_base64(key_b64, key, sizeof key) != key_len) {
        printf("bad key of the wrong length for %s\n", suite);
        return;
    }
    if (strcmp(rtcp_mode, "auth") == 0) {
        policy.rtcp.sec_serv = sec_serv_auth;
    } else if (strcmp(rtcp_mode, "enc") != 0) {
        printf("bad SRTCP mode %s\n", rtcp_mode);
        return;
    }
    protect = strcmp(dir, "protect") == 0;
    if (!protect && strcmp(dir, "unprotect") != 0) {
        printf("bad direction %s\n", dir);
        return;
    }
    policy.ssrc.type = protect ? ssrc_any_outbound : ssrc_any_inbound;
    policy.window_size = 128;
    policy.allow_repeat_tx = 0;
    use_mki = strcmp(mki_hex, "-") != 0;
    if (use_mki) {
        int mki_len = from_hex(mki_hex, mki, sizeof mki);
        if (mki_len <= 0) {
            printf("bad MKI %s\n", mki_hex);
            return;
        }
        master_key.key = key;
        master_key.mki_id = mki;
        master_key.mki_size = (unsigned int)mki_len;
        master_keys[0] = &master_key;
        policy.keys = master_keys;
        policy.num_master_keys = 1;
    } else {
        policy.key = key;
    }
    policy.next = NULL;
    srtp_err_status_t status = srtp_create(&session, &policy);
    if (status != srtp_err_status_ok) {
        session = NULL;
        printf("err %d %s\n", status, status_name(status));
        return;
    }
    printf("ok\n");
}

static void packet(char *hex, int rtcp)
{
    /* libsrtp reads the header as 32-bit words and may write SRTP_MAX_TRAILER_LEN + 4 after it */
    static uint32_t words[(MAX_PACKET + SRTP_MAX_TRAILER_LEN + 16) / 4];
    uint8_t *buf = (uint8_t *)words;
    int len = from_hex(hex, buf, MAX_PACKET);
    srtp_err_status_t status;

    if (session == NULL) {
        printf("bad no session\n");
        return;
    }
    if (len < 0) {
        printf("bad packet hex\n");
        return;
    }
    if (rtcp) {
        status = protect ? srtp_protect_rtcp_mki(session, buf, &len, use_mki, 0)
                         : srtp_unprotect_rtcp_mki(session, buf, &len, use_mki);
    } else {
        status = protect ? srtp_protect_mki(session, buf, &len, use_mki, 0)
                         : srtp_unprotect_mki(session, buf, &len, use_mki);
    }
    if (status != srtp_err_status_ok) {
        printf("err %d %s\n", status, status_name(status));
        return;
    }
    printf("ok ");
    for (int i = 0; i < len; i++) printf("%02x", buf[i]);
    printf("\n");
}

int main(void)
{
    static char line[MAX_LINE];
    srtp_err_status_t status = srtp_init();
    if (status != srtp_err_status_ok) {
        fprintf(stderr, "srtp_init failed: %d\n", status);
        return 1;
    }
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (n == 0) continue;
        if (strcmp(line, "version") == 0) {
            printf("ok %s\n", srtp_get_version_string());
        } else if (strncmp(line, "session ", 8) == 0) {
            start_session(line + 8);
        } else if (strncmp(line, "rtp ", 4) == 0) {
            packet(line + 4, 0);
        } else if (strncmp(line, "rtcp ", 5) == 0) {
            packet(line + 5, 1);
        } else {
            printf("bad command\n");
        }
        fflush(stdout);
    }
    drop_session();
    srtp_shutdown();
    return 0;
}
