/* HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train */
#ifndef BANK_H
#define BANK_H
#include <pthread.h>
#include <stddef.h>

typedef struct {
    pthread_mutex_t lock; /* guards balance */
    long balance;
} account;

typedef struct {
    account *accounts;
    size_t n;
} bank;

int bank_init(bank *b, size_t n, long initial_balance); /* 0 on success */
void bank_free(bank *b);
int bank_deposit(bank *b, size_t i, long amount);                /* 0, or -1 if invalid */
int bank_transfer(bank *b, size_t from, size_t to, long amount); /* 0, or -1 (see task) */
long bank_balance(bank *b, size_t i);                             /* -1 if invalid index */
long bank_total(bank *b);                                         /* consistent snapshot */
#endif
