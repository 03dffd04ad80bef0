/* HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train */
/* Runner for c-bank-race (uid 1000, linked with the agent's bank.c). pthread_mutex_lock/unlock/trylock
 * are wrapped (-Wl,--wrap) to record, per thread, which account locks each API call takes and in which
 * order, and to inject random yields/sleeps before every lock ("chaos") during the stress so that races
 * become likely instead of rare. It answers with observations only (JSON); the driver decides.
 * The agent's code shares this process, so it could forge these observations only by targeting this
 * hidden runner (its static state or its answer channel).
 *
 * Requests (after a nonce, which the answer repeats before its JSON, so that lines printed before the
 * request cannot pass for answers):
 *   script N INIT OP...  fresh bank_init(N, INIT), then each OP; answers one [ret, [accounts locked],
 *                        order_ok, max_held, held_after] per OP. OPs: d:i:amount, t:from:to:amount,
 *                        b:i, T (bank_deposit, bank_transfer, bank_balance, bank_total).
 *   transfers            4 movers (random transfers) + an auditor (bank_total and every balance in a loop)
 *                        on a bank of 6 x 100, with chaos; answers the final total and balances, the
 *                        auditor's snapshot count, min and max total, the lowest balance it saw, and how
 *                        many movers saw a lock taken out of order.
 *   deposits             4 depositors x 20000 deposits of 1 on a fresh bank of 6 x 100; final total and balances.
 */
#define _DEFAULT_SOURCE
#include <limits.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hbrunner.h"
#include "bank.h"

/* ---- lock instrumentation ---- */
int __real_pthread_mutex_lock(pthread_mutex_t *m);
int __real_pthread_mutex_unlock(pthread_mutex_t *m);
int __real_pthread_mutex_trylock(pthread_mutex_t *m);

static bank *tracked;
static atomic_int chaos;
static _Thread_local int held[64], nheld, recording, order_ok = 1, max_held;
static _Thread_local int taken[64]; /* per account: locked during the recorded call */
static _Thread_local unsigned chaos_seed = 12345;

static int account_of(pthread_mutex_t *m) {
    if (!tracked || !tracked->accounts) return -1;
    for (size_t i = 0; i < tracked->n; i++)
        if (&tracked->accounts[i].lock == m) return (int)i;
    return -1;
}

static void note_locked(pthread_mutex_t *m) {
    int a = account_of(m);
    if (a < 0) return;
    for (int k = 0; k < nheld; k++) if (held[k] >= a) order_ok = 0;
    if (nheld < 64) held[nheld++] = a;
    if (nheld > max_held) max_held = nheld;
    if (recording && a < 64) taken[a] = 1;
}

int __wrap_pthread_mutex_lock(pthread_mutex_t *m) {
    if (atomic_load(&chaos)) {
        unsigned r = rand_r(&chaos_seed);
        if (r % 3 == 0) sched_yield();
        else if (r % 11 == 0) usleep(20);
    }
    int rc = __real_pthread_mutex_lock(m);
    if (rc == 0) note_locked(m);
    return rc;
}

int __wrap_pthread_mutex_trylock(pthread_mutex_t *m) {
    int rc = __real_pthread_mutex_trylock(m);
    if (rc == 0) note_locked(m);
    return rc;
}

int __wrap_pthread_mutex_unlock(pthread_mutex_t *m) {
    int a = account_of(m);
    for (int k = nheld - 1; a >= 0 && k >= 0; k--)
        if (held[k] == a) { memmove(&held[k], &held[k + 1], sizeof(int) * (size_t)(nheld - k - 1)); nheld--; break; }
    return __real_pthread_mutex_unlock(m);
}

/* ---- answers ---- */
static char out[1 << 16];
static size_t outlen;

static void emit(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(out + outlen, sizeof out - outlen, fmt, ap);
    va_end(ap);
    if (k > 0) outlen += (size_t)k < sizeof out - outlen ? (size_t)k : sizeof out - outlen - 1;
}

static void emit_balances(bank *b) {
    emit("\"total\": %ld, \"balances\": [", bank_total(b));
    for (size_t i = 0; i < b->n; i++) emit("%s%ld", i ? ", " : "", bank_balance(b, i));
    emit("]");
}

/* ---- single-threaded scripts ---- */
static void script(void) {
    bank b;
    size_t n = strtoul(strtok(NULL, " "), NULL, 10);
    long init = strtol(strtok(NULL, " "), NULL, 10);
    nheld = 0;
    bank_init(&b, n, init);
    tracked = &b;
    emit("[");
    for (char *op = strtok(NULL, " "), *first = op; op; op = strtok(NULL, " ")) {
        long x = 0, y = 0, z = 0, ret;
        sscanf(op + 1, ":%ld:%ld:%ld", &x, &y, &z);
        memset(taken, 0, sizeof taken);
        recording = 1; order_ok = 1; max_held = 0;
        switch (op[0]) {
            case 'd': ret = bank_deposit(&b, (size_t)x, y); break;
            case 't': ret = bank_transfer(&b, (size_t)x, (size_t)y, z); break;
            case 'b': ret = bank_balance(&b, (size_t)x); break;
            case 'T': ret = bank_total(&b); break;
            default: ret = LONG_MIN;
        }
        recording = 0;
        emit("%s[%ld, [", op == first ? "" : ", ", ret);
        for (int a = 0, c = 0; a < 64; a++) if (taken[a]) emit("%s%d", c++ ? ", " : "", a);
        emit("], %d, %d, %d]", order_ok, max_held, nheld);
    }
    emit("]");
    tracked = NULL;
    bank_free(&b);
}

/* ---- concurrent stress with chaos ---- */
#define N 6
static bank sb;
static atomic_int stop_flag, snapshots, wrong_order;
static atomic_long snap_min, snap_max, min_seen;

static void atomic_min(atomic_long *v, long x) { long c = atomic_load(v); while (x < c && !atomic_compare_exchange_weak(v, &c, x)) {} }
static void atomic_max(atomic_long *v, long x) { long c = atomic_load(v); while (x > c && !atomic_compare_exchange_weak(v, &c, x)) {} }

static void *mover(void *arg) {
    unsigned seed = (unsigned)(size_t)arg;
    for (int k = 0; k < 6000; k++) {
        size_t from = rand_r(&seed) % N, to = rand_r(&seed) % N;
        bank_transfer(&sb, from, to, 1 + rand_r(&seed) % 90);
    }
    if (!order_ok) atomic_fetch_add(&wrong_order, 1);
    return NULL;
}

static void *auditor(void *arg) {
    (void)arg;
    do {
        long t = bank_total(&sb);
        atomic_fetch_add(&snapshots, 1);
        atomic_min(&snap_min, t);
        atomic_max(&snap_max, t);
        for (size_t i = 0; i < N; i++) atomic_min(&min_seen, bank_balance(&sb, i));
    } while (!atomic_load(&stop_flag));
    return NULL;
}

static void *depositor(void *arg) {
    unsigned seed = (unsigned)(size_t)arg;
    for (int k = 0; k < 20000; k++) bank_deposit(&sb, rand_r(&seed) % N, 1);
    return NULL;
}

static void transfers(void) {
    pthread_t t[5];
    bank_init(&sb, N, 100);
    tracked = &sb;
    atomic_store(&stop_flag, 0); atomic_store(&snapshots, 0); atomic_store(&wrong_order, 0);
    atomic_store(&snap_min, LONG_MAX); atomic_store(&snap_max, LONG_MIN); atomic_store(&min_seen, LONG_MAX);
    atomic_store(&chaos, 1);
    for (size_t i = 0; i < 4; i++) pthread_create(&t[i], NULL, mover, (void *)(i + 1));
    pthread_create(&t[4], NULL, auditor, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    atomic_store(&stop_flag, 1);
    pthread_join(t[4], NULL);
    atomic_store(&chaos, 0);
    emit("{\"snapshots\": %d, \"snap_min\": %ld, \"snap_max\": %ld, \"min_seen\": %ld, \"wrong_order\": %d, ",
         atomic_load(&snapshots), atomic_load(&snap_min), atomic_load(&snap_max), atomic_load(&min_seen),
         atomic_load(&wrong_order));
    emit_balances(&sb);
    emit("}");
    tracked = NULL;
    bank_free(&sb);
}

static void deposits(void) {
    pthread_t t[4];
    bank_init(&sb, N, 100);
    for (size_t i = 0; i < 4; i++) pthread_create(&t[i], NULL, depositor, (void *)(i + 7));
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    emit("{");
    emit_balances(&sb);
    emit("}");
    bank_free(&sb);
}

static char line[1 << 16];

int main(void) {
    hb_start();
    while (hb_request(line, sizeof line)) {
        outlen = 0;
        out[0] = 0;
        emit("%s ", strtok(line, " "));
        char *what = strtok(NULL, " ");
        if (what && !strcmp(what, "script")) script();
        else if (what && !strcmp(what, "transfers")) transfers();
        else if (what && !strcmp(what, "deposits")) deposits();
        else emit("null");
        hb_answer("%s", out);
    }
    return 0;
}
