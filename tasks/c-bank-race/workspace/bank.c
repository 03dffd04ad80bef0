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
    b->accounts[i].balance += amount;
    return 0;
}

int bank_transfer(bank *b, size_t from, size_t to, long amount) {
    if (from >= b->n || to >= b->n || amount <= 0) return -1;
    account *src = &b->accounts[from], *dst = &b->accounts[to];
    if (src->balance < amount) return -1;
    pthread_mutex_lock(&src->lock);
    pthread_mutex_lock(&dst->lock);
    src->balance -= amount;
    dst->balance += amount;
    pthread_mutex_unlock(&dst->lock);
    pthread_mutex_unlock(&src->lock);
    return 0;
}

long bank_balance(bank *b, size_t i) {
    if (i >= b->n) return -1;
    pthread_mutex_lock(&b->accounts[i].lock);
    long v = b->accounts[i].balance;
    pthread_mutex_unlock(&b->accounts[i].lock);
    return v;
}

long bank_total(bank *b) {
    long sum = 0;
    for (size_t i = 0; i < b->n; i++) sum += bank_balance(b, i);
    return sum;
}
