/* HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train */
/* Hidden grader for the bank. pthread_mutex_lock/unlock are wrapped (-Wl,--wrap) to record, per
 * thread, which account locks each API call takes and in which order, and to inject random
 * yields/sleeps before every lock ("chaos") so that races become likely instead of rare.
 * A watchdog turns a deadlock into a failed check instead of a hung grader. */
#define _DEFAULT_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stdatomic.h>
#include "bank.h"

#define TOTAL_CHECKS 13
static int total, passed;
static const char *phase = "start";
#define CHECK(name, cond) do { total++; if (cond) passed++; else printf("FAIL %s\n", name); } while (0)

static void write_score(int p) {
    const char *score = getenv("HB_SCORE_FILE");
    FILE *f = score ? fopen(score, "w") : NULL;
    if (f) { fprintf(f, "{\"tests_passed\": %d, \"tests_total\": %d}\n", p, TOTAL_CHECKS); fclose(f); }
}

static void on_alarm(int sig) {
    (void)sig;
    printf("FAIL %s: no progress before the watchdog fired (deadlock?)\n%d/%d checks passed\n", phase, passed, TOTAL_CHECKS);
    fflush(stdout);
    write_score(passed);
    _exit(1);
}

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

static void record(void) { memset(taken, 0, sizeof taken); recording = 1; order_ok = 1; max_held = 0; }
static void stop(void) { recording = 0; }

/* ---- single-threaded protocol checks ---- */
static void protocol_checks(void) {
    bank b;
    bank_init(&b, 6, 100);
    tracked = &b;
    phase = "lock protocol";

    record(); int rc = bank_deposit(&b, 4, 7); stop();
    CHECK("bank_deposit takes the account's lock", rc == 0 && taken[4] && nheld == 0);

    record(); long v = bank_balance(&b, 4); stop();
    CHECK("bank_balance takes the account's lock", v == 107 && taken[4] && nheld == 0);

    record(); rc = bank_transfer(&b, 5, 1, 30); stop();
    CHECK("bank_transfer locks both accounts, lower index first",
          rc == 0 && taken[5] && taken[1] && order_ok && nheld == 0);

    record(); rc = bank_transfer(&b, 2, 3, 1000); stop();
    CHECK("insufficient funds: -1 after checking under both locks, nothing changes",
          rc == -1 && taken[2] && taken[3] && order_ok && nheld == 0 && bank_balance(&b, 2) == 100);

    record(); long t = bank_total(&b); stop();
    CHECK("bank_total holds every account lock at once, in order",
          t == 607 && max_held >= 6 && order_ok && nheld == 0);

    phase = "bank_transfer(b, 3, 3, ...)";
    alarm(5);
    rc = bank_transfer(&b, 3, 3, 10);
    alarm(0);
    CHECK("transfer to the same account returns -1", rc == -1 && bank_balance(&b, 3) == 100);
    CHECK("invalid arguments return -1",
          bank_transfer(&b, 0, 6, 1) == -1 && bank_transfer(&b, 7, 0, 1) == -1 &&
          bank_transfer(&b, 0, 1, 0) == -1 && bank_transfer(&b, 0, 1, -5) == -1 &&
          bank_deposit(&b, 6, 1) == -1 && bank_deposit(&b, 0, 0) == -1 && bank_balance(&b, 9) == -1);
    CHECK("balances unchanged by rejected calls", bank_total(&b) == 607);
    tracked = NULL;
    bank_free(&b);
}

/* ---- concurrent stress with chaos ---- */
#define N 6
static bank sb;
static atomic_int stop_flag, bad_snapshot, negative, wrong_order;

static void *mover(void *arg) {
    unsigned seed = (unsigned)(size_t)arg;
    for (int k = 0; k < 6000; k++) {
        size_t from = rand_r(&seed) % N, to = rand_r(&seed) % N;
        bank_transfer(&sb, from, to, 1 + rand_r(&seed) % 90);
        if (!order_ok) atomic_store(&wrong_order, 1);
    }
    return NULL;
}

static void *auditor(void *arg) {
    (void)arg;
    while (!atomic_load(&stop_flag)) {
        if (bank_total(&sb) != N * 100) atomic_store(&bad_snapshot, 1);
        for (size_t i = 0; i < N; i++)
            if (bank_balance(&sb, i) < 0) atomic_store(&negative, 1);
    }
    return NULL;
}

static void *depositor(void *arg) {
    unsigned seed = (unsigned)(size_t)arg;
    for (int k = 0; k < 20000; k++) bank_deposit(&sb, rand_r(&seed) % N, 1);
    return NULL;
}

static void stress(void) {
    pthread_t t[5];
    bank_init(&sb, N, 100);
    tracked = &sb;
    atomic_store(&chaos, 1);
    phase = "concurrent transfers";
    alarm(20);
    for (size_t i = 0; i < 4; i++) pthread_create(&t[i], NULL, mover, (void *)(i + 1));
    pthread_create(&t[4], NULL, auditor, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    atomic_store(&stop_flag, 1);
    pthread_join(t[4], NULL);
    alarm(0);
    CHECK("no deadlock under concurrent opposite transfers", 1);
    CHECK("money is conserved", bank_total(&sb) == N * 100);
    int neg = atomic_load(&negative);
    for (size_t i = 0; i < N; i++) if (bank_balance(&sb, i) < 0) neg = 1;
    CHECK("no balance ever goes negative", !neg);
    CHECK("every bank_total snapshot is consistent", !atomic_load(&bad_snapshot) && !atomic_load(&wrong_order));

    atomic_store(&chaos, 0);
    phase = "concurrent deposits";
    alarm(20);
    for (size_t i = 0; i < 4; i++) pthread_create(&t[i], NULL, depositor, (void *)(i + 7));
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    alarm(0);
    CHECK("concurrent deposits are not lost", bank_total(&sb) == N * 100 + 4 * 20000);
    tracked = NULL;
    bank_free(&sb);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGALRM, on_alarm);
    protocol_checks();
    stress();
    if (total != TOTAL_CHECKS) printf("grader bug: %d checks, expected %d\n", total, TOTAL_CHECKS);
    printf("%d/%d checks passed\n", passed, TOTAL_CHECKS);
    write_score(passed);
    return passed == TOTAL_CHECKS ? 0 : 1;
}
