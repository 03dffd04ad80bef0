/* HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train */
#include <stdlib.h>
#include "bank.h"

int bank_init(bank *b, size_t n, long initial_balance) {
    b->accounts = calloc(n, sizeof(account));
    if (!b->accounts) return -1;
    b->n = n;
    for (size_t i = 0; i < n; i++) {
        pthread_mutex_init(&b->accounts[i].lock, NULL);
        b->accounts[i].balance = initial_balance;
    }
    return 0;
}

void bank_free(bank *b) {
    for (size_t i = 0; i < b->n; i++) pthread_mutex_destroy(&b->accounts[i].lock);
    free(b->accounts);
    b->accounts = NULL;
    b->n = 0;
}

int bank_deposit(bank *b, size_t i, long amount) {
    if (i >= b->n || amount <= 0) return -1;
    pthread_mutex_lock(&b->accounts[i].lock);
    b->accounts[i].balance += amount;
    pthread_mutex_unlock(&b->accounts[i].lock);
    return 0;
}

int bank_transfer(bank *b, size_t from, size_t to, long amount) {
    /* from == to would lock the same (non-recursive) mutex twice. */
    if (from >= b->n || to >= b->n || from == to || amount <= 0) return -1;
    account *src = &b->accounts[from], *dst = &b->accounts[to];
    /* A global order (lower index first) makes opposite transfers unable to deadlock. */
    account *first = from < to ? src : dst, *second = from < to ? dst : src;
    /* Plausible but wrong: the funds check reads the balance before taking the locks. */
    int ok = src->balance >= amount;
    pthread_mutex_lock(&first->lock);
    pthread_mutex_lock(&second->lock);
    if (ok) {
        src->balance -= amount;
        dst->balance += amount;
    }
    pthread_mutex_unlock(&second->lock);
    pthread_mutex_unlock(&first->lock);
    return ok ? 0 : -1;
}

long bank_balance(bank *b, size_t i) {
    if (i >= b->n) return -1;
    pthread_mutex_lock(&b->accounts[i].lock);
    long v = b->accounts[i].balance;
    pthread_mutex_unlock(&b->accounts[i].lock);
    return v;
}

long bank_total(bank *b) {
    /* Plausible but wrong: each balance is read under its lock, one at a time. */
    long sum = 0;
    for (size_t i = 0; i < b->n; i++) sum += bank_balance(b, i);
    return sum;
}
